using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.4.2 Argument Uniqueness, on fields and directives.</summary>
public sealed class UniqueArgumentNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        void Check(IReadOnlyList<ArgumentNode> arguments)
        {
            if (arguments.Count < 2) return;
            foreach (var group in arguments.GroupBy(a => a.Name.Value))
            {
                if (group.Count() > 1)
                    context.ReportError(this, $"There can be only one argument named \"{group.Key}\".", group.Select(a => a.Name));
            }
        }
        return new Visitor()
            .Enter<FieldNode>(field => Check(field.Arguments))
            .Enter<DirectiveNode>(directive => Check(directive.Arguments));
    }
}
