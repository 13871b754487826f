using Es.GraphQL.Language;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.5.1.3 Fragments On Composite Types: fragments condition on objects, interfaces or unions only.</summary>
public sealed class FragmentsOnCompositeTypesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<InlineFragmentNode>(fragment =>
        {
            if (fragment.TypeCondition is not { } condition) return;
            var type = TypeFromAst.Resolve(context.Schema, condition);
            if (type is { IsCompositeType: false })
                context.ReportError(this, $"Fragment cannot condition on non composite type \"{Printer.Print(condition)}\".", condition);
        })
        .Enter<FragmentDefinitionNode>(fragment =>
        {
            var type = TypeFromAst.Resolve(context.Schema, fragment.TypeCondition);
            if (type is { IsCompositeType: false })
                context.ReportError(this, $"Fragment \"{fragment.Name.Value}\" cannot condition on non composite type \"{Printer.Print(fragment.TypeCondition)}\".", fragment.TypeCondition);
        });
}
