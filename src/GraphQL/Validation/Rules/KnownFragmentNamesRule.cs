using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.5.2.1 Fragment Spread Target Defined.</summary>
public sealed class KnownFragmentNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<FragmentSpreadNode>(spread =>
        {
            if (context.GetFragment(spread.Name.Value) is null)
                context.ReportError(this, $"Unknown fragment \"{spread.Name.Value}\".", spread.Name);
        });
}
