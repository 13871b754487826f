using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>SDL (spec 3.6, 3.10): field names are unique within a type, its extensions and the schema being extended.</summary>
public sealed class UniqueFieldDefinitionNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var known = new Dictionary<string, Dictionary<string, NameNode>>();

        VisitResult Check(NameNode typeNameNode, IEnumerable<NameNode> fieldNames)
        {
            var typeName = typeNameNode.Value;
            if (!known.TryGetValue(typeName, out var names)) known[typeName] = names = [];
            var existing = context.OptionalSchema?.GetType(typeName);
            foreach (var fieldName in fieldNames)
            {
                if (HasField(existing, fieldName.Value))
                {
                    context.ReportError(this, $"Field \"{typeName}.{fieldName.Value}\" already exists in the schema. It cannot also be defined in this type extension.", fieldName);
                    continue;
                }
                if (names.TryGetValue(fieldName.Value, out var first))
                    context.ReportError(this, $"Field \"{typeName}.{fieldName.Value}\" can only be defined once.", first, fieldName);
                else
                    names[fieldName.Value] = fieldName;
            }
            return VisitResult.Skip;
        }

        return new Visitor()
            .Enter<InputObjectTypeDefinitionNode>((node, _) => Check(node.Name, node.Fields.Select(f => f.Name)))
            .Enter<InputObjectTypeExtensionNode>((node, _) => Check(node.Name, node.Fields.Select(f => f.Name)))
            .Enter<InterfaceTypeDefinitionNode>((node, _) => Check(node.Name, node.Fields.Select(f => f.Name)))
            .Enter<InterfaceTypeExtensionNode>((node, _) => Check(node.Name, node.Fields.Select(f => f.Name)))
            .Enter<ObjectTypeDefinitionNode>((node, _) => Check(node.Name, node.Fields.Select(f => f.Name)))
            .Enter<ObjectTypeExtensionNode>((node, _) => Check(node.Name, node.Fields.Select(f => f.Name)));
    }

    private static bool HasField(GraphQLNamedType? type, string fieldName) => type switch
    {
        GraphQLImplementingType implementing => implementing.GetField(fieldName) is not null,
        GraphQLInputObjectType input => input.GetField(fieldName) is not null,
        _ => false,
    };
}
