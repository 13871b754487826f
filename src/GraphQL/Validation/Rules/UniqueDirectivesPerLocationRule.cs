using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>
/// Spec 5.7.3 Directives Are Unique Per Location: a non-repeatable directive appears at most once
/// on a node (and, in SDL, once across a type or schema and its extensions).
/// </summary>
public sealed class UniqueDirectivesPerLocationRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var isUnique = context.DirectiveTables.IsUnique;

        var schemaDirectives = new Dictionary<string, DirectiveNode>();
        var typeDirectives = new Dictionary<string, Dictionary<string, DirectiveNode>>();
        var directiveDirectives = new Dictionary<string, Dictionary<string, DirectiveNode>>();

        return new Visitor().Enter<Node>(node =>
        {
            var directives = DirectivesOf(node);
            if (directives is null || directives.Count == 0) return;
            var seen = node switch
            {
                SchemaDefinitionNode or SchemaExtensionNode => schemaDirectives,
                TypeDefinitionNode type => SeenFor(typeDirectives, type.Name.Value),
                TypeExtensionNode type => SeenFor(typeDirectives, type.Name.Value),
                DirectiveDefinitionNode definition => SeenFor(directiveDirectives, definition.Name.Value),
                DirectiveExtensionNode extension => SeenFor(directiveDirectives, extension.Name.Value),
                _ => new Dictionary<string, DirectiveNode>(),
            };
            foreach (var directive in directives)
            {
                var name = directive.Name.Value;
                if (!isUnique.TryGetValue(name, out var unique) || !unique) continue;
                if (seen.TryGetValue(name, out var first))
                    context.ReportError(this, $"The directive \"@{name}\" can only be used once at this location.", first, directive);
                else
                    seen[name] = directive;
            }
        });
    }

    private static Dictionary<string, DirectiveNode> SeenFor(Dictionary<string, Dictionary<string, DirectiveNode>> byName, string name)
    {
        if (!byName.TryGetValue(name, out var seen)) byName[name] = seen = [];
        return seen;
    }

    internal static IReadOnlyList<DirectiveNode>? DirectivesOf(Node node) => node switch
    {
        ExecutableDefinitionNode n => n.Directives,
        VariableDefinitionNode n => n.Directives,
        SelectionNode n => n.Directives,
        SchemaDefinitionNode n => n.Directives,
        SchemaExtensionNode n => n.Directives,
        TypeDefinitionNode n => n.Directives,
        TypeExtensionNode n => n.Directives,
        FieldDefinitionNode n => n.Directives,
        InputValueDefinitionNode n => n.Directives,
        EnumValueDefinitionNode n => n.Directives,
        DirectiveDefinitionNode n => n.Directives,
        DirectiveExtensionNode n => n.Directives,
        _ => null,
    };
}
