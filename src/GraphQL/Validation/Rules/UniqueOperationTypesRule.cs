using Es.GraphQL.Language;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation.Rules;

/// <summary>SDL (spec 3.3.1): each root operation type is defined once, and not again over an existing schema's.</summary>
public sealed class UniqueOperationTypesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var schema = context.OptionalSchema;
        var defined = new Dictionary<OperationType, OperationTypeDefinitionNode>();

        VisitResult Check(IReadOnlyList<OperationTypeDefinitionNode> operationTypes)
        {
            foreach (var operationType in operationTypes)
            {
                var operation = operationType.Operation;
                if (schema?.GetRootType(operation) is not null)
                    context.ReportError(this, $"Type for {operation.Keyword()} already defined in the schema. It cannot be redefined.", operationType);
                else if (defined.TryGetValue(operation, out var first))
                    context.ReportError(this, $"There can be only one {operation.Keyword()} type in schema.", first, operationType);
                else
                    defined[operation] = operationType;
            }
            return VisitResult.Skip;
        }

        return new Visitor()
            .Enter<SchemaDefinitionNode>((node, _) => Check(node.OperationTypes))
            .Enter<SchemaExtensionNode>((node, _) => Check(node.OperationTypes));
    }
}
