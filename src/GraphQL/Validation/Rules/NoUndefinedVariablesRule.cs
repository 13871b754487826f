using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.8.3 All Variable Uses Defined: by the operation, including uses inside the fragments it spreads.</summary>
public sealed class NoUndefinedVariablesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<OperationDefinitionNode>(operation =>
        {
            var defined = operation.VariableDefinitions.Select(d => d.Variable.Name.Value).ToHashSet();
            foreach (var usage in context.GetRecursiveVariableUsages(operation))
            {
                var name = usage.Node.Name.Value;
                if (defined.Contains(name)) continue;
                context.ReportError(this, operation.Name is { } operationName
                    ? $"Variable \"${name}\" is not defined by operation \"{operationName.Value}\"."
                    : $"Variable \"${name}\" is not defined.", usage.Node, operation);
            }
        });
}
