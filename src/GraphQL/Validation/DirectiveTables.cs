using System.Runtime.CompilerServices;
using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation;

/// <summary>
/// What the directive rules need to know of every directive (locations, repeatability, argument
/// names, required arguments), from the schema and from directive definitions in the document.
/// The schema's part is computed once per schema; documents rarely define directives.
/// </summary>
internal sealed class DirectiveTables
{
    private static readonly ConditionalWeakTable<GraphQLSchema, DirectiveTables> BySchema = [];
    private static readonly DirectiveTables Specified = FromDirectives(Directives.Specified);

    public Dictionary<string, HashSet<string>> Locations { get; } = [];

    public Dictionary<string, bool> IsUnique { get; } = [];

    public Dictionary<string, List<string>> ArgumentNames { get; } = [];

    /// <summary>Each directive's required arguments with their printed types.</summary>
    public Dictionary<string, List<(string Name, string Type)>> RequiredArguments { get; } = [];

    public static DirectiveTables For(ValidationContext context)
    {
        var schemaTables = context.OptionalSchema is { } schema
            ? BySchema.GetValue(schema, s => FromDirectives(s.Directives))
            : Specified;
        var definitions = context.Document.Definitions.OfType<DirectiveDefinitionNode>().ToList();
        if (definitions.Count == 0) return schemaTables;

        var tables = new DirectiveTables();
        foreach (var (name, locations) in schemaTables.Locations) tables.Locations[name] = locations;
        foreach (var (name, unique) in schemaTables.IsUnique) tables.IsUnique[name] = unique;
        foreach (var (name, arguments) in schemaTables.ArgumentNames) tables.ArgumentNames[name] = arguments;
        foreach (var (name, required) in schemaTables.RequiredArguments) tables.RequiredArguments[name] = required;
        foreach (var definition in definitions)
        {
            var name = definition.Name.Value;
            tables.Locations[name] = [.. definition.Locations.Select(l => l.Value)];
            tables.IsUnique[name] = !definition.Repeatable;
            tables.ArgumentNames[name] = definition.Arguments.Select(a => a.Name.Value).ToList();
            tables.RequiredArguments[name] = definition.Arguments
                .Where(a => a.Type is NonNullTypeNode && a.DefaultValue is null)
                .Select(a => (a.Name.Value, Printer.Print(a.Type)))
                .ToList();
        }
        return tables;
    }

    private static DirectiveTables FromDirectives(IEnumerable<GraphQLDirective> directives)
    {
        var tables = new DirectiveTables();
        foreach (var directive in directives)
        {
            tables.Locations[directive.Name] = [.. directive.Locations.Select(l => l.ToString())];
            tables.IsUnique[directive.Name] = !directive.IsRepeatable;
            tables.ArgumentNames[directive.Name] = directive.Arguments.Select(a => a.Name).ToList();
            tables.RequiredArguments[directive.Name] = directive.Arguments.Where(a => a.IsRequired).Select(a => (a.Name, a.Type.ToString() ?? "")).ToList();
        }
        return tables;
    }
}
