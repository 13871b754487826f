using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>SDL (spec 3.9): enum values are unique within their enum, its extensions and the schema being extended.</summary>
public sealed class UniqueEnumValueNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var known = new Dictionary<string, Dictionary<string, NameNode>>();

        VisitResult Check(NameNode typeNameNode, IReadOnlyList<EnumValueDefinitionNode> values)
        {
            var typeName = typeNameNode.Value;
            if (!known.TryGetValue(typeName, out var names)) known[typeName] = names = [];
            var existing = context.OptionalSchema?.GetType(typeName) as GraphQLEnumType;
            foreach (var value in values)
            {
                var valueName = value.Name.Value;
                if (existing?.GetValue(valueName) is not null)
                {
                    context.ReportError(this, $"Enum value \"{typeName}.{valueName}\" already exists in the schema. It cannot also be defined in this type extension.", value.Name);
                    continue;
                }
                if (names.TryGetValue(valueName, out var first))
                    context.ReportError(this, $"Enum value \"{typeName}.{valueName}\" can only be defined once.", first, value.Name);
                else
                    names[valueName] = value.Name;
            }
            return VisitResult.Skip;
        }

        return new Visitor()
            .Enter<EnumTypeDefinitionNode>((node, _) => Check(node.Name, node.Values))
            .Enter<EnumTypeExtensionNode>((node, _) => Check(node.Name, node.Values));
    }
}
