using Es.GraphQL.Language;

namespace Es.GraphQL;

/// <summary>Builds the GraphQLError for a syntax error, as graphql-js's <c>syntaxError</c>.</summary>
public static class SyntaxError
{
    public const string Prefix = "Syntax Error: ";

    /// <summary>What a parse limit refusal carries as <c>extensions.code</c>: a syntax error that is not the author's typo.</summary>
    public const string MaxTokensCode = "MAX_TOKENS_EXCEEDED";
    public const string MaxDepthCode = "MAX_DEPTH_EXCEEDED";

    public static GraphQLError Create(Source source, int position, string description) =>
        new(Prefix + description, [source.GetLocation(position)]);

    /// <summary>A syntax error with <c>extensions.code</c>, for the parse limits.</summary>
    public static GraphQLError Create(Source source, int position, string description, string code) =>
        new(Prefix + description, [source.GetLocation(position)], extensions: new Dictionary<string, object?> { ["code"] = code });
}
