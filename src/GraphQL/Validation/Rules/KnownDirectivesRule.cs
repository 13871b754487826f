using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.7.1 Directives Are Defined and 5.7.2 Directives Are In Valid Locations.</summary>
public sealed class KnownDirectivesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var locationsByName = context.DirectiveTables.Locations;

        return new Visitor().Enter<DirectiveNode>((directive, visit) =>
        {
            var name = directive.Name.Value;
            if (!locationsByName.TryGetValue(name, out var locations))
            {
                context.ReportError(this, $"Unknown directive \"@{name}\".", directive);
                return;
            }
            var candidate = LocationOf(visit.Ancestors);
            if (candidate is not null && !locations.Contains(candidate))
                context.ReportError(this, $"Directive \"@{name}\" may not be used on {candidate}.", directive);
        });
    }

    /// <summary>The directive location (spec 3.13) of the node a directive is applied to, the last of the ancestors.</summary>
    internal static string? LocationOf(IReadOnlyList<Node> ancestors)
    {
        if (ancestors.Count == 0) return null;
        var appliedTo = ancestors[^1];
        var grandParent = ancestors.Count >= 2 ? ancestors[^2] : null;
        return appliedTo switch
        {
            OperationDefinitionNode operation => operation.Operation switch
            {
                OperationType.Query => "QUERY",
                OperationType.Mutation => "MUTATION",
                _ => "SUBSCRIPTION",
            },
            FieldNode => "FIELD",
            FragmentSpreadNode => "FRAGMENT_SPREAD",
            InlineFragmentNode => "INLINE_FRAGMENT",
            FragmentDefinitionNode => "FRAGMENT_DEFINITION",
            VariableDefinitionNode => grandParent is OperationDefinitionNode ? "VARIABLE_DEFINITION" : "FRAGMENT_VARIABLE_DEFINITION",
            SchemaDefinitionNode or SchemaExtensionNode => "SCHEMA",
            ScalarTypeDefinitionNode or ScalarTypeExtensionNode => "SCALAR",
            ObjectTypeDefinitionNode or ObjectTypeExtensionNode => "OBJECT",
            FieldDefinitionNode => "FIELD_DEFINITION",
            InterfaceTypeDefinitionNode or InterfaceTypeExtensionNode => "INTERFACE",
            UnionTypeDefinitionNode or UnionTypeExtensionNode => "UNION",
            EnumTypeDefinitionNode or EnumTypeExtensionNode => "ENUM",
            EnumValueDefinitionNode => "ENUM_VALUE",
            InputObjectTypeDefinitionNode or InputObjectTypeExtensionNode => "INPUT_OBJECT",
            InputValueDefinitionNode => grandParent is InputObjectTypeDefinitionNode or InputObjectTypeExtensionNode ? "INPUT_FIELD_DEFINITION" : "ARGUMENT_DEFINITION",
            DirectiveDefinitionNode or DirectiveExtensionNode => "DIRECTIVE_DEFINITION",
            _ => null,
        };
    }
}
