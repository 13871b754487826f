namespace Es.GraphQL.Language;

/// <summary>Where a directive may appear (spec 3.13, DirectiveLocations); names match the SDL keywords.</summary>
public enum DirectiveLocation
{
    // Executable directive locations.
    QUERY,
    MUTATION,
    SUBSCRIPTION,
    FIELD,
    FRAGMENT_DEFINITION,
    FRAGMENT_SPREAD,
    INLINE_FRAGMENT,
    VARIABLE_DEFINITION,
    // graphql-js 17 accepts this experimental location in SDL, so we parse it too.
    FRAGMENT_VARIABLE_DEFINITION,

    // Type system directive locations.
    SCHEMA,
    SCALAR,
    OBJECT,
    FIELD_DEFINITION,
    ARGUMENT_DEFINITION,
    INTERFACE,
    UNION,
    ENUM,
    ENUM_VALUE,
    INPUT_OBJECT,
    INPUT_FIELD_DEFINITION,
    DIRECTIVE_DEFINITION,
}

public static class DirectiveLocations
{
    private static readonly Dictionary<string, DirectiveLocation> ByName =
        Enum.GetValues<DirectiveLocation>().ToDictionary(l => l.ToString(), StringComparer.Ordinal);

    /// <summary>The location named exactly as in SDL (case-sensitive), if there is one.</summary>
    public static bool TryParse(string name, out DirectiveLocation location) => ByName.TryGetValue(name, out location);
}
