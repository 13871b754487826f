using Es.GraphQL.Types;
using Microsoft.AspNetCore.Http;

namespace Es.GraphQL.Transport;

/// <summary>How an endpoint mapped with <see cref="GraphQLEndpointRouteBuilderExtensions.MapGraphQL"/> serves requests.</summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>
    /// Builds the per-request context resolvers see (user, services, cancellation). The default
    /// carries the authenticated user, the request's services and its abort token.
    /// </summary>
    public Func<HttpContext, RequestContext> CreateContext { get; set; } = http => new RequestContext
    {
        User = http.User,
        Services = http.RequestServices,
        CancellationToken = http.RequestAborted,
    };

    /// <summary>Largest request body accepted, in bytes; larger ones get 413.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>The value resolvers of root fields receive as their parent.</summary>
    public Func<HttpContext, object?> RootValue { get; set; } = _ => null;
}
