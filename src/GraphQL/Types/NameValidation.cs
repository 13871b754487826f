namespace Es.GraphQL.Types;

/// <summary>The spec's Name grammar (section 2.1.9), checked when a type system member is created.</summary>
internal static class NameValidation
{
    public static void AssertName(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new GraphQLError("Expected name to be a non-empty string.");
        if (!IsNameStart(name[0])) throw new GraphQLError($"Names must start with [_a-zA-Z] but \"{name}\" does not.");
        for (var i = 1; i < name.Length; i++)
        {
            if (!IsNameContinue(name[i]))
                throw new GraphQLError($"Names must only contain [_a-zA-Z0-9] but \"{name}\" does not.");
        }
    }

    public static void AssertEnumValueName(string name)
    {
        if (name is "true" or "false" or "null") throw new GraphQLError($"Enum values cannot be named: {name}");
        AssertName(name);
    }

    public static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    public static bool IsNameContinue(char c) => IsNameStart(c) || c is >= '0' and <= '9';
}
