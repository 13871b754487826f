using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>SDL (spec 3.4.3): a type extension extends a defined type of the same kind.</summary>
public sealed class PossibleTypeExtensionsRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var schema = context.OptionalSchema;
        var definedTypes = new Dictionary<string, TypeDefinitionNode>();
        foreach (var definition in context.Document.Definitions.OfType<TypeDefinitionNode>())
            definedTypes[definition.Name.Value] = definition;

        return new Visitor().Enter<TypeExtensionNode>(node =>
        {
            var typeName = node.Name.Value;
            definedTypes.TryGetValue(typeName, out var definition);
            var existing = schema?.GetType(typeName);
            NodeKind? expected = definition is not null ? ExtensionKindOf(definition.Kind)
                : existing is not null ? ExtensionKindOf(existing.Kind)
                : null;

            if (expected is { } kind)
            {
                if (kind != node.Kind)
                    context.ReportError(this, $"Cannot extend non-{TypeNameOf(node.Kind)} type \"{typeName}\".", definition is not null ? [definition, node] : [node]);
                return;
            }
            var allTypeNames = definedTypes.Keys.Concat(schema?.TypeMap.Keys ?? []).Distinct();
            context.ReportError(this, $"Cannot extend type \"{typeName}\" because it is not defined." + Suggestions.DidYouMean(Suggestions.List(typeName, allTypeNames)), node.Name);
        });
    }

    private static NodeKind? ExtensionKindOf(NodeKind definitionKind) => definitionKind switch
    {
        NodeKind.ScalarTypeDefinition => NodeKind.ScalarTypeExtension,
        NodeKind.ObjectTypeDefinition => NodeKind.ObjectTypeExtension,
        NodeKind.InterfaceTypeDefinition => NodeKind.InterfaceTypeExtension,
        NodeKind.UnionTypeDefinition => NodeKind.UnionTypeExtension,
        NodeKind.EnumTypeDefinition => NodeKind.EnumTypeExtension,
        NodeKind.InputObjectTypeDefinition => NodeKind.InputObjectTypeExtension,
        _ => null,
    };

    private static NodeKind? ExtensionKindOf(TypeKind typeKind) => typeKind switch
    {
        TypeKind.Scalar => NodeKind.ScalarTypeExtension,
        TypeKind.Object => NodeKind.ObjectTypeExtension,
        TypeKind.Interface => NodeKind.InterfaceTypeExtension,
        TypeKind.Union => NodeKind.UnionTypeExtension,
        TypeKind.Enum => NodeKind.EnumTypeExtension,
        TypeKind.InputObject => NodeKind.InputObjectTypeExtension,
        _ => null,
    };

    private static string TypeNameOf(NodeKind extensionKind) => extensionKind switch
    {
        NodeKind.ScalarTypeExtension => "scalar",
        NodeKind.ObjectTypeExtension => "object",
        NodeKind.InterfaceTypeExtension => "interface",
        NodeKind.UnionTypeExtension => "union",
        NodeKind.EnumTypeExtension => "enum",
        _ => "input object",
    };
}
