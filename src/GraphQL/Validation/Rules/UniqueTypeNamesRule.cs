using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>SDL (spec 3.4): type names are unique, in the document and against the schema being extended.</summary>
public sealed class UniqueTypeNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var known = new Dictionary<string, NameNode>();
        return new Visitor().Enter<TypeDefinitionNode>((node, _) =>
        {
            var name = node.Name.Value;
            if (context.OptionalSchema?.GetType(name) is not null)
            {
                context.ReportError(this, $"Type \"{name}\" already exists in the schema. It cannot also be defined in this type definition.", node.Name);
                return VisitResult.Continue;
            }
            if (known.TryGetValue(name, out var first))
                context.ReportError(this, $"There can be only one type named \"{name}\".", first, node.Name);
            else
                known[name] = node.Name;
            return VisitResult.Skip;
        });
    }
}
