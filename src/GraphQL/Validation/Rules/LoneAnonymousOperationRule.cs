using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.2.2.1 Lone Anonymous Operation: an anonymous operation must be the only operation.</summary>
public sealed class LoneAnonymousOperationRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        int operationCount = 0;
        return new Visitor()
            .Enter<DocumentNode>(document => operationCount = document.Definitions.Count(d => d is OperationDefinitionNode))
            .Enter<OperationDefinitionNode>(operation =>
            {
                if (operation.Name is null && operationCount > 1)
                    context.ReportError(this, "This anonymous operation must be the only defined operation.", operation);
            });
    }
}
