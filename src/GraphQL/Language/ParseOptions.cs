namespace Es.GraphQL.Language;

/// <summary>Options of <see cref="Parser"/>, named as graphql-js's <c>ParseOptions</c> where it has them.</summary>
public sealed record ParseOptions
{
    public static readonly ParseOptions Default = new();

    /// <summary>Do not record node locations (faster, for tests and for trusted documents).</summary>
    public bool NoLocation { get; init; }

    /// <summary>Abort with a syntax error after this many lexical tokens (graphql-js <c>maxTokens</c>).</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Abort with a syntax error after this many comments (graphql-js <c>maxComments</c>).</summary>
    public int? MaxComments { get; init; }

    /// <summary>Reject sources longer than this many UTF-16 code units (graphql-js <c>maxSourceLength</c>).</summary>
    public int? MaxSourceLength { get; init; }

    /// <summary>
    /// How deeply selection sets, list and object values and list types may nest. graphql-js has no
    /// such limit and overflows its stack; we reject deep input with a syntax error instead.
    /// </summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>
    /// Accept <c>{ }</c> as a selection set, as graphql-js 17 does by default (graphql-spec PR 1227).
    /// False restores the spec's <c>{ Selection+ }</c>.
    /// </summary>
    public bool AllowEmptySelectionSets { get; init; } = true;
}
