using Es.GraphQL.Language;

namespace Es.GraphQL.Types;

/// <summary>A directive definition (spec 3.13): its arguments, locations and repeatability.</summary>
public sealed class GraphQLDirective
{
    private Dictionary<string, GraphQLArgument>? _argumentsByName;

    public GraphQLDirective(string name, IEnumerable<DirectiveLocation> locations, IEnumerable<GraphQLArgument>? arguments = null)
    {
        NameValidation.AssertName(name);
        Name = name;
        Locations = locations.ToArray();
        Arguments = arguments?.ToArray() ?? [];
        foreach (var argument in Arguments) argument.Owner = "@" + name;
    }

    public string Name { get; }

    public string? Description { get; init; }

    public IReadOnlyList<DirectiveLocation> Locations { get; }

    public IReadOnlyList<GraphQLArgument> Arguments { get; }

    /// <summary>Set when the directive definition itself carries <c>@deprecated</c> (graphql-js 17).</summary>
    public string? DeprecationReason { get; init; }

    public bool IsDeprecated => DeprecationReason is not null;

    /// <summary>The SDL definition, for error locations; null for code-first directives.</summary>
    public DirectiveDefinitionNode? AstNode { get; init; }

    /// <summary>Whether the directive may appear more than once at one location (spec 3.13 "repeatable").</summary>
    public bool IsRepeatable { get; init; }

    public GraphQLArgument? GetArgument(string name)
    {
        _argumentsByName ??= Arguments.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.First());
        return _argumentsByName.GetValueOrDefault(name);
    }

    public override string ToString() => "@" + Name;
}

/// <summary>The directives the spec defines (spec 3.13.1–3.13.5), with graphql-js's descriptions.</summary>
public static class Directives
{
    /// <summary>The deprecation reason <c>@deprecated</c> gives when none is written.</summary>
    public const string DefaultDeprecationReason = "No longer supported";

    public static GraphQLDirective Include { get; } = new(
        "include",
        [DirectiveLocation.FIELD, DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
        [new GraphQLArgument("if", Scalars.Boolean.NonNull()) { Description = "Included when true." }])
    {
        Description = "Directs the executor to include this field or fragment only when the `if` argument is true.",
    };

    public static GraphQLDirective Skip { get; } = new(
        "skip",
        [DirectiveLocation.FIELD, DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
        [new GraphQLArgument("if", Scalars.Boolean.NonNull()) { Description = "Skipped when true." }])
    {
        Description = "Directs the executor to skip this field or fragment when the `if` argument is true.",
    };

    public static GraphQLDirective Deprecated { get; } = new(
        "deprecated",
        [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.ARGUMENT_DEFINITION, DirectiveLocation.INPUT_FIELD_DEFINITION, DirectiveLocation.ENUM_VALUE, DirectiveLocation.DIRECTIVE_DEFINITION],
        [
            new GraphQLArgument("reason", Scalars.String.NonNull())
            {
                Description = "Explains why this element was deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the Markdown syntax, as specified by [CommonMark](https://commonmark.org/).",
                DefaultValue = DefaultDeprecationReason,
            },
        ])
    {
        Description = "Marks an element of a GraphQL schema as no longer supported.",
    };

    public static GraphQLDirective SpecifiedBy { get; } = new(
        "specifiedBy",
        [DirectiveLocation.SCALAR],
        [new GraphQLArgument("url", Scalars.String.NonNull()) { Description = "The URL that specifies the behavior of this scalar." }])
    {
        Description = "Exposes a URL that specifies the behavior of this scalar.",
    };

    public static GraphQLDirective OneOf { get; } = new("oneOf", [DirectiveLocation.INPUT_OBJECT])
    {
        Description = "Indicates exactly one field must be supplied and this field must not be `null`.",
    };

    /// <summary>In graphql-js's order, which is the order introspection lists them in.</summary>
    public static IReadOnlyList<GraphQLDirective> Specified { get; } = [Include, Skip, Deprecated, SpecifiedBy, OneOf];

    public static bool IsSpecified(GraphQLDirective directive) =>
        directive.Name is "include" or "skip" or "deprecated" or "specifiedBy" or "oneOf";
}
