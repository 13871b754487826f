using Es.GraphQL.Language;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.2.1 (operation type existence): the schema must have a root type for each operation's kind.</summary>
public sealed class KnownOperationTypesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<OperationDefinitionNode>(operation =>
        {
            if (context.Schema.GetRootType(operation.Operation) is null)
                context.ReportError(this, $"The {operation.Operation.Keyword()} operation is not supported by the schema.", operation);
        });
}
