using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation.Rules;

/// <summary>
/// Spec 5.8.5 All Variable Usages Are Allowed: a variable's type fits every position it is used
/// in (a nullable variable may fill a non-null position only with a non-null default on one side),
/// and OneOf input object fields take non-null variables only.
/// </summary>
public sealed class VariablesInAllowedPositionRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var definitions = new Dictionary<string, VariableDefinitionNode>();
        return new Visitor()
            .Enter<OperationDefinitionNode>(operation =>
            {
                definitions.Clear();
                foreach (var definition in operation.VariableDefinitions) definitions[definition.Variable.Name.Value] = definition;
            })
            .Leave<OperationDefinitionNode>(operation =>
            {
                foreach (var usage in context.GetRecursiveVariableUsages(operation))
                {
                    var name = usage.Node.Name.Value;
                    if (!definitions.TryGetValue(name, out var definition) || usage.Type is not { } locationType) continue;
                    var variableType = TypeFromAst.Resolve(context.Schema, definition.Type);
                    if (variableType is null) continue;
                    if (!AllowedVariableUsage(context.Schema, variableType, definition.DefaultValue, locationType, usage.HasLocationDefaultValue))
                        context.ReportError(this, $"Variable \"${name}\" of type \"{variableType}\" used in position expecting type \"{locationType}\".", definition, usage.Node);
                    if (usage.ParentType is GraphQLInputObjectType { IsOneOf: true } oneOf && variableType is not GraphQLNonNullType)
                        context.ReportError(this, $"Variable \"${name}\" is of type \"{variableType}\" but must be non-nullable to be used for OneOf Input Object \"{oneOf.Name}\".", definition, usage.Node);
                }
            });
    }

    private static bool AllowedVariableUsage(GraphQLSchema schema, GraphQLType variableType, ValueNode? variableDefault, GraphQLType locationType, bool locationHasDefault)
    {
        if (locationType is GraphQLNonNullType nonNullLocation && variableType is not GraphQLNonNullType)
        {
            bool hasNonNullVariableDefault = variableDefault is not null and not NullValueNode;
            if (!hasNonNullVariableDefault && !locationHasDefault) return false;
            return TypeComparators.IsTypeSubTypeOf(schema, variableType, nonNullLocation.OfType);
        }
        return TypeComparators.IsTypeSubTypeOf(schema, variableType, locationType);
    }
}
