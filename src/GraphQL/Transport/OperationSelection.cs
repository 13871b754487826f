using Es.GraphQL.Language;

namespace Es.GraphQL.Transport;

internal static class OperationSelection
{
    /// <summary>
    /// The operation a request names, or its only one; null when none can be chosen (execution
    /// then reports why). The transports need it before executing: GET refuses mutations, and the
    /// WebSocket runs subscriptions differently.
    /// </summary>
    public static OperationDefinitionNode? Select(DocumentNode document, string? operationName)
    {
        OperationDefinitionNode? selected = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is not OperationDefinitionNode operation) continue;
            if (operationName is null)
            {
                if (selected is not null) return null;
                selected = operation;
            }
            else if (operation.Name?.Value == operationName)
            {
                return operation;
            }
        }
        return selected;
    }
}
