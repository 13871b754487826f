using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.6.1 Values of Correct Type: every literal can be coerced to the type expected where it stands.</summary>
public sealed class ValuesOfCorrectTypeRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        VisitResult Check(ValueNode node, GraphQLType? type)
        {
            if (type is not null)
                InputLiteralValidation.Validate(node, type, (error, _) => context.ReportError(this, error), hideSuggestions: context.HideSuggestions);
            // The whole literal was just checked; its parts need no second look.
            return VisitResult.Skip;
        }

        return new Visitor()
            .Enter<NullValueNode>((node, _) => Check(node, context.InputType))
            .Enter<ListValueNode>((node, _) => Check(node, context.ParentInputType))
            .Enter<ObjectValueNode>((node, _) => Check(node, context.InputType))
            .Enter<EnumValueNode>((node, _) => Check(node, context.InputType))
            .Enter<IntValueNode>((node, _) => Check(node, context.InputType))
            .Enter<FloatValueNode>((node, _) => Check(node, context.InputType))
            .Enter<StringValueNode>((node, _) => Check(node, context.InputType))
            .Enter<BooleanValueNode>((node, _) => Check(node, context.InputType));
    }
}
