namespace Es.GraphQL.Validation;

/// <summary>Options of <see cref="Validator.Validate"/>, as graphql-js's <c>validate</c> options.</summary>
public sealed record ValidationOptions
{
    public static readonly ValidationOptions Default = new();

    /// <summary>Stop after this many errors, with a last error saying so.</summary>
    public int MaxErrors { get; init; } = 100;

    /// <summary>Leave "Did you mean ...?" out of messages, so that they reveal nothing of the schema.</summary>
    public bool HideSuggestions { get; init; }

    /// <summary>Accept <c>{ }</c> as a selection set (graphql-js 17's default); false reports fields selecting nothing.</summary>
    public bool AllowEmptySelectionSets { get; init; } = true;
}
