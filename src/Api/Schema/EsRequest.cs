using Es.GraphQL.Types;

namespace Es.Api.Schema;

/// <summary>What every Es resolver knows of its request: the caller, and the log position the caller has seen.</summary>
public sealed class EsRequest : RequestContext
{
    public Caller Caller { get; init; } = Caller.Anonymous;

    /// <summary>The HTTP request id or the WebSocket connection's: the causation id of the events a mutation appends.</summary>
    public string? RequestId { get; init; }
}

public static class EsRequestExtensions
{
    public static EsRequest Es(this ResolveFieldContext ctx) => ctx.RequestAs<EsRequest>();

    public static Caller Caller(this ResolveFieldContext ctx) => ctx.RequestAs<EsRequest>().Caller;
}
