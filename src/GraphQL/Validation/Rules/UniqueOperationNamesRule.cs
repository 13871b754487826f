using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.2.1.1 Operation Name Uniqueness.</summary>
public sealed class UniqueOperationNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var known = new Dictionary<string, NameNode>();
        return new Visitor()
            .Enter<OperationDefinitionNode>((operation, _) =>
            {
                if (operation.Name is { } name)
                {
                    if (known.TryGetValue(name.Value, out var first))
                        context.ReportError(this, $"There can be only one operation named \"{name.Value}\".", first, name);
                    else
                        known[name.Value] = name;
                }
                return VisitResult.Skip;
            })
            .Enter<FragmentDefinitionNode>((_, _) => VisitResult.Skip);
    }
}
