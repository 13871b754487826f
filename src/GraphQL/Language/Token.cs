namespace Es.GraphQL.Language;

/// <summary>
/// One lexical token: its kind, its UTF-16 offsets in the source, the 1-based line and column
/// of its start, and for names, numbers, strings and comments its value (strings unescaped,
/// block strings dedented).
/// </summary>
public readonly record struct Token(TokenKind Kind, int Start, int End, int Line, int Column, string? Value = null)
{
    /// <summary>As graphql-js describes a token in a syntax error: <c>Name "foo"</c>, <c>"{"</c>, <c>&lt;EOF&gt;</c>.</summary>
    public string Description => Value is null ? Kind.Description() : $"{Kind.Description()} \"{Value}\"";
}
