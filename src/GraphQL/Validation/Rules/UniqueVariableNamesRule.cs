using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.8.1 Variable Uniqueness.</summary>
public sealed class UniqueVariableNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<OperationDefinitionNode>(operation =>
        {
            foreach (var group in operation.VariableDefinitions.GroupBy(d => d.Variable.Name.Value))
            {
                if (group.Count() > 1)
                    context.ReportError(this, $"There can be only one variable named \"${group.Key}\".", group.Select(d => d.Variable.Name));
            }
        });
}
