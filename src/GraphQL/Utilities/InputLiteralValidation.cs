using System.Globalization;
using System.Text;
using System.Text.Json;
using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Utilities;

/// <summary>An input literal that cannot be coerced: the message and the nodes it is about.</summary>
public sealed record InputLiteralError(string Message, IReadOnlyList<Node> Nodes);

/// <summary>
/// Checks that a literal can be coerced to an input type (spec 5.6.1 and 3.5 input coercion),
/// reporting every problem with graphql-js 17's messages (its <c>validateInputLiteral</c> without
/// variable values: variables are checked by VariablesInAllowedPositionRule instead).
/// </summary>
public static class InputLiteralValidation
{
    public static void Validate(ValueNode valueNode, GraphQLType type, Action<InputLiteralError> onError, bool hideSuggestions = false)
    {
        if (valueNode is VariableNode) return;

        if (type is GraphQLNonNullType nonNull)
        {
            if (valueNode is NullValueNode)
            {
                onError(new InputLiteralError($"Expected value of non-null type \"{type}\" not to be null.", [valueNode]));
                return;
            }
            Validate(valueNode, nonNull.OfType, onError, hideSuggestions);
            return;
        }
        if (valueNode is NullValueNode) return;

        switch (type)
        {
            case GraphQLListType list:
                if (valueNode is ListValueNode listValue)
                {
                    foreach (var item in listValue.Values) Validate(item, list.OfType, onError, hideSuggestions);
                }
                else
                {
                    // A single value stands for a list of one (spec 3.11 input coercion).
                    Validate(valueNode, list.OfType, onError, hideSuggestions);
                }
                break;
            case GraphQLInputObjectType inputObject:
                ValidateInputObject(valueNode, inputObject, onError, hideSuggestions);
                break;
            case GraphQLLeafType leaf:
                ValidateLeaf(valueNode, leaf, onError, hideSuggestions);
                break;
        }
    }

    private static void ValidateInputObject(ValueNode valueNode, GraphQLInputObjectType type, Action<InputLiteralError> onError, bool hideSuggestions)
    {
        if (valueNode is not ObjectValueNode objectValue)
        {
            onError(new InputLiteralError($"Expected value of type \"{type}\" to be an object, found: {Printer.Print(valueNode)}.", [valueNode]));
            return;
        }
        var fieldNodes = new Dictionary<string, ObjectFieldNode>();
        foreach (var field in objectValue.Fields) fieldNodes[field.Name.Value] = field;

        foreach (var field in type.GetFields())
        {
            if (!fieldNodes.TryGetValue(field.Name, out var fieldNode))
            {
                if (field.IsRequired)
                    onError(new InputLiteralError($"Expected value of type \"{type}\" to include required field \"{field.Name}\", found: {Printer.Print(valueNode)}.", [valueNode]));
                continue;
            }
            Validate(fieldNode.Value, field.Type, onError, hideSuggestions);
        }

        var knownFields = new List<ObjectFieldNode>();
        foreach (var fieldNode in objectValue.Fields)
        {
            var fieldName = fieldNode.Name.Value;
            if (type.GetField(fieldName) is null)
            {
                var suggestion = hideSuggestions ? "" : Suggestions.DidYouMean(Suggestions.List(fieldName, type.GetFields().Select(f => f.Name)));
                var found = suggestion.Length > 0 ? $".{suggestion} Found" : ", found";
                onError(new InputLiteralError($"Expected value of type \"{type}\" not to include unknown field \"{fieldName}\"{found}: {Printer.Print(valueNode)}.", [fieldNode]));
            }
            else
            {
                knownFields.Add(fieldNode);
            }
        }

        if (type.IsOneOf && (knownFields.Count != 1 || knownFields[0].Value is NullValueNode))
            onError(new InputLiteralError($"Within OneOf Input Object type \"{type}\", exactly one field must be specified, and the value for that field must be non-null.", [valueNode]));
    }

    private static void ValidateLeaf(ValueNode valueNode, GraphQLLeafType type, Action<InputLiteralError> onError, bool hideSuggestions)
    {
        try
        {
            CoerceLeafLiteral(valueNode, type, hideSuggestions);
        }
        catch (GraphQLError error)
        {
            onError(new InputLiteralError(error.Message, [valueNode]));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            var detail = string.IsNullOrEmpty(error.Message) ? error.GetType().Name : error.Message;
            onError(new InputLiteralError($"Expected value of type \"{type}\", but encountered error \"{detail}\"; found: {Printer.Print(valueNode)}.", [valueNode]));
        }
    }

    /// <summary>
    /// Coerces a non-null, variable-free literal to a scalar or enum value (graphql-js's
    /// <c>coerceInputLiteral</c> of the built-in scalars and of enums), throwing GraphQLError when it cannot.
    /// Custom scalars receive the literal as JSON, exactly as a variable value would reach them.
    /// </summary>
    public static object? CoerceLeafLiteral(ValueNode valueNode, GraphQLLeafType type, bool hideSuggestions = false)
    {
        if (type is GraphQLEnumType enumType)
        {
            var printed = Printer.Print(valueNode);
            if (valueNode is not EnumValueNode enumValue)
                throw new GraphQLError($"Enum \"{enumType.Name}\" cannot represent non-enum value: {printed}." + (hideSuggestions ? "" : enumType.DidYouMeanValue(printed)));
            var value = enumType.GetValue(enumValue.Value)
                ?? throw new GraphQLError($"Value \"{printed}\" does not exist in \"{enumType.Name}\" enum." + (hideSuggestions ? "" : enumType.DidYouMeanValue(printed)));
            return value.Value;
        }

        if (ReferenceEquals(type, Scalars.Int))
        {
            if (valueNode is not IntValueNode intValue) throw new GraphQLError($"Int cannot represent non-integer value: {Printer.Print(valueNode)}");
            var number = double.Parse(intValue.Value, CultureInfo.InvariantCulture);
            if (number > int.MaxValue || number < int.MinValue) throw new GraphQLError($"Int cannot represent non 32-bit signed integer value: {intValue.Value}");
            return (int)number;
        }
        if (ReferenceEquals(type, Scalars.Float))
        {
            return valueNode switch
            {
                FloatValueNode f => double.Parse(f.Value, CultureInfo.InvariantCulture),
                IntValueNode i => double.Parse(i.Value, CultureInfo.InvariantCulture),
                _ => throw new GraphQLError($"Float cannot represent non numeric value: {Printer.Print(valueNode)}"),
            };
        }
        if (ReferenceEquals(type, Scalars.String))
        {
            return valueNode is StringValueNode s ? s.Value : throw new GraphQLError($"String cannot represent a non string value: {Printer.Print(valueNode)}");
        }
        if (ReferenceEquals(type, Scalars.Boolean))
        {
            return valueNode is BooleanValueNode b ? b.Value : throw new GraphQLError($"Boolean cannot represent a non boolean value: {Printer.Print(valueNode)}");
        }
        if (ReferenceEquals(type, Scalars.ID))
        {
            return valueNode switch
            {
                StringValueNode s => s.Value,
                IntValueNode i => i.Value,
                _ => throw new GraphQLError("ID cannot represent a non-string and non-integer value: " + Printer.Print(valueNode)),
            };
        }

        using var json = JsonDocument.Parse(ToJson(valueNode));
        return type.CoerceInputValue(json.RootElement.Clone());
    }

    /// <summary>A variable-free literal as JSON text: numbers keep every digit, enum values become strings.</summary>
    public static string ToJson(ValueNode valueNode)
    {
        var builder = new StringBuilder();
        WriteJson(valueNode, builder);
        return builder.ToString();
    }

    private static void WriteJson(ValueNode valueNode, StringBuilder builder)
    {
        switch (valueNode)
        {
            case IntValueNode n: builder.Append(n.Value); break;
            case FloatValueNode n: builder.Append(n.Value); break;
            case StringValueNode n: builder.Append(JsonSerializer.Serialize(n.Value)); break;
            case EnumValueNode n: builder.Append(JsonSerializer.Serialize(n.Value)); break;
            case BooleanValueNode n: builder.Append(n.Value ? "true" : "false"); break;
            case ListValueNode n:
                builder.Append('[');
                for (int i = 0; i < n.Values.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    WriteJson(n.Values[i], builder);
                }
                builder.Append(']');
                break;
            case ObjectValueNode n:
                builder.Append('{');
                for (int i = 0; i < n.Fields.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    builder.Append(JsonSerializer.Serialize(n.Fields[i].Name.Value)).Append(':');
                    WriteJson(n.Fields[i].Value, builder);
                }
                builder.Append('}');
                break;
            default: builder.Append("null"); break;
        }
    }
}
