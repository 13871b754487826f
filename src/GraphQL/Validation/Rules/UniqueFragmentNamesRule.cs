using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.5.1.1 Fragment Name Uniqueness.</summary>
public sealed class UniqueFragmentNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var known = new Dictionary<string, NameNode>();
        return new Visitor()
            .Enter<OperationDefinitionNode>((_, _) => VisitResult.Skip)
            .Enter<FragmentDefinitionNode>((fragment, _) =>
            {
                var name = fragment.Name;
                if (known.TryGetValue(name.Value, out var first))
                    context.ReportError(this, $"There can be only one fragment named \"{name.Value}\".", first, name);
                else
                    known[name.Value] = name;
                return VisitResult.Skip;
            });
    }
}
