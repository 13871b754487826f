using Es.GraphQL.Language;

namespace Es.GraphQL;

/// <summary>Builds the GraphQLError for a syntax error, as graphql-js's <c>syntaxError</c>.</summary>
public static class SyntaxError
{
    public const string Prefix = "Syntax Error: ";

    public static GraphQLError Create(Source source, int position, string description) =>
        new(Prefix + description, [source.GetLocation(position)]);
}
