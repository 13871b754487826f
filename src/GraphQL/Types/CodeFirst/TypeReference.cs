namespace Es.GraphQL.Types;

/// <summary>
/// Type references written as in SDL (<c>"[Post!]!"</c>), so a code-first schema reads like its SDL
/// and types can refer to types declared later. Resolved by name when the schema is built.
/// </summary>
internal static class TypeReference
{
    public static GraphQLType Resolve(string reference, Func<string, GraphQLNamedType?> lookup, string usedBy)
    {
        var position = 0;
        var type = Parse(reference, ref position, lookup, usedBy);
        SkipSpaces(reference, ref position);
        if (position != reference.Length) throw Invalid(reference, usedBy);
        return type;
    }

    private static GraphQLType Parse(string text, ref int position, Func<string, GraphQLNamedType?> lookup, string usedBy)
    {
        SkipSpaces(text, ref position);
        GraphQLType type;
        if (position < text.Length && text[position] == '[')
        {
            position++;
            var item = Parse(text, ref position, lookup, usedBy);
            SkipSpaces(text, ref position);
            if (position >= text.Length || text[position] != ']') throw Invalid(text, usedBy);
            position++;
            type = new GraphQLListType(item);
        }
        else
        {
            var start = position;
            while (position < text.Length && NameValidation.IsNameContinue(text[position])) position++;
            if (position == start || !NameValidation.IsNameStart(text[start])) throw Invalid(text, usedBy);
            var name = text[start..position];
            type = lookup(name) ?? throw new GraphQLError($"Unknown type \"{name}\" referenced by {usedBy}.");
        }
        SkipSpaces(text, ref position);
        if (position < text.Length && text[position] == '!')
        {
            position++;
            type = new GraphQLNonNullType(type);
        }
        return type;
    }

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && text[position] == ' ') position++;
    }

    private static GraphQLError Invalid(string text, string usedBy) =>
        new($"Invalid type reference \"{text}\" in {usedBy}: expected a type name, [Type] or Type!.");
}
