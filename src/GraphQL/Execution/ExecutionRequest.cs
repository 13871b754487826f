using Es.GraphQL.Types;

namespace Es.GraphQL.Execution;

/// <summary>What to execute (graphql-js ExecutionArgs).</summary>
public sealed record ExecutionRequest
{
    public required GraphQLSchema Schema { get; init; }

    public required Language.DocumentNode Document { get; init; }

    public string? OperationName { get; init; }

    /// <summary>Variable values as the request carries them: <see cref="JsonElement"/>s or CLR values.</summary>
    public IReadOnlyDictionary<string, object?>? VariableValues { get; init; }

    /// <summary>The parent value of root fields.</summary>
    public object? RootValue { get; init; }

    /// <summary>Per-request state for resolvers; its cancellation token cancels execution.</summary>
    public RequestContext Context { get; init; } = RequestContext.None;
}
