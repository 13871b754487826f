using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>SDL (spec 3.6.1, 3.13): argument names are unique within a field or directive definition.</summary>
public sealed class UniqueArgumentDefinitionNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        VisitResult Check(string parentName, IReadOnlyList<InputValueDefinitionNode> arguments)
        {
            foreach (var group in arguments.GroupBy(a => a.Name.Value))
            {
                if (group.Count() > 1)
                    context.ReportError(this, $"Argument \"{parentName}({group.Key}:)\" can only be defined once.", group.Select(a => a.Name));
            }
            return VisitResult.Skip;
        }

        VisitResult CheckFields(NameNode typeName, IReadOnlyList<FieldDefinitionNode> fields)
        {
            foreach (var field in fields) Check($"{typeName.Value}.{field.Name.Value}", field.Arguments);
            return VisitResult.Skip;
        }

        return new Visitor()
            .Enter<DirectiveDefinitionNode>((node, _) => Check("@" + node.Name.Value, node.Arguments))
            .Enter<InterfaceTypeDefinitionNode>((node, _) => CheckFields(node.Name, node.Fields))
            .Enter<InterfaceTypeExtensionNode>((node, _) => CheckFields(node.Name, node.Fields))
            .Enter<ObjectTypeDefinitionNode>((node, _) => CheckFields(node.Name, node.Fields))
            .Enter<ObjectTypeExtensionNode>((node, _) => CheckFields(node.Name, node.Fields));
    }
}
