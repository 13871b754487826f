using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.5.1.4 Fragments Must Be Used: every fragment is spread, directly or not, by some operation.</summary>
public sealed class NoUnusedFragmentsRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var operations = new List<OperationDefinitionNode>();
        var fragments = new List<FragmentDefinitionNode>();
        return new Visitor()
            .Enter<OperationDefinitionNode>((operation, _) =>
            {
                operations.Add(operation);
                return VisitResult.Skip;
            })
            .Enter<FragmentDefinitionNode>((fragment, _) =>
            {
                fragments.Add(fragment);
                return VisitResult.Skip;
            })
            .Leave<DocumentNode>(_ =>
            {
                var used = context.GetRecursivelyReferencedFragmentsForOperations(operations).Select(f => f.Name.Value).ToHashSet();
                foreach (var fragment in fragments)
                {
                    if (!used.Contains(fragment.Name.Value))
                        context.ReportError(this, $"Fragment \"{fragment.Name.Value}\" is never used.", fragment);
                }
            });
    }
}
