using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.5.2.3 Fragment Spread Is Possible: the fragment's type and the parent type can have an object type in common.</summary>
public sealed class PossibleFragmentSpreadsRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<InlineFragmentNode>(fragment =>
        {
            if (context.Type is GraphQLNamedType { IsCompositeType: true } fragmentType
                && context.ParentType is { IsCompositeType: true } parentType
                && !TypeComparators.DoTypesOverlap(context.Schema, fragmentType, parentType))
            {
                context.ReportError(this, $"Fragment cannot be spread here as objects of type \"{parentType.Name}\" can never be of type \"{fragmentType.Name}\".", fragment);
            }
        })
        .Enter<FragmentSpreadNode>(spread =>
        {
            var name = spread.Name.Value;
            if (FragmentType(context, name) is { } fragmentType
                && context.ParentType is { } parentType
                && !TypeComparators.DoTypesOverlap(context.Schema, fragmentType, parentType))
            {
                context.ReportError(this, $"Fragment \"{name}\" cannot be spread here as objects of type \"{parentType.Name}\" can never be of type \"{fragmentType.Name}\".", spread);
            }
        });

    private static GraphQLNamedType? FragmentType(ValidationContext context, string name) =>
        context.GetFragment(name) is { } fragment && TypeFromAst.Resolve(context.Schema, fragment.TypeCondition) is GraphQLNamedType { IsCompositeType: true } type
            ? type
            : null;
}
