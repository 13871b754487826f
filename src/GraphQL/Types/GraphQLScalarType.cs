using System.Text.Json;
using Es.GraphQL.Language;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Types;

/// <summary>
/// A scalar type (spec 3.5): a leaf value with its own result coercion (<see cref="Serialize"/>)
/// and input coercion (<see cref="ParseValue"/> for variable values, literal coercion for
/// values written in documents). Coercion failures throw <see cref="GraphQLError"/>.
/// </summary>
public sealed class GraphQLScalarType(string name) : GraphQLLeafType(name)
{
    public override TypeKind Kind => TypeKind.Scalar;

    /// <summary>The URL of the scalar's specification, exposed by <c>@specifiedBy</c> (spec 3.13.5).</summary>
    public string? SpecifiedByUrl { get; init; }

    /// <summary>Result coercion (spec 3.5 "Result Coercion"): an internal value to what the response carries.</summary>
    public Func<object, object?> Serialize { get; init; } = static value => value;

    /// <summary>
    /// Input coercion of an external value (spec 3.5 "Input Coercion"): a variable value or a
    /// default. Receives plain CLR values (string, bool, int, long, double, lists, dictionaries);
    /// a scalar that sets <see cref="ReadsJson"/> also receives <see cref="JsonElement"/>s as they are.
    /// </summary>
    public Func<object, object?> ParseValue { get; init; } = static value => value;

    /// <summary>
    /// Whether <see cref="ParseValue"/> reads <see cref="JsonElement"/> itself; the built-in
    /// scalars do, which saves converting each variable value to a CLR value first.
    /// </summary>
    public bool ReadsJson { get; init; }

    /// <summary>
    /// Input coercion of a literal written in a document (graphql-js coerceInputLiteral), with its
    /// variables already replaced by their values. Null means: read the literal as a plain value
    /// and coerce that as <see cref="ParseValue"/> does, which suits most custom scalars.
    /// </summary>
    public Func<ValueNode, object?>? ParseLiteral { get; init; }

    public override object? CoerceOutputValue(object value) => Serialize(value);

    public override object? CoerceInputLiteral(ValueNode literal) =>
        ParseLiteral is not null
            ? ParseLiteral(literal)
            : ValueFromAst.Untyped(literal, null) is { } value ? ParseValue(value) : throw new GraphQLError($"{Name} cannot represent null.");

    public override object? CoerceInputValue(object value) =>
        !ReadsJson && value is JsonElement json ? ParseValue(JsonValues.ToClr(json)!) : ParseValue(value);
}

/// <summary>Scalars and enums: the leaves of a response, with result and input coercion.</summary>
public abstract class GraphQLLeafType : GraphQLNamedType
{
    private protected GraphQLLeafType(string name) : base(name) { }

    /// <summary>Result coercion: an internal value to the value the response carries; throws <see cref="GraphQLError"/> when it cannot.</summary>
    public abstract object? CoerceOutputValue(object value);

    /// <summary>Input coercion of an external value (a <see cref="JsonElement"/> or a CLR value); throws <see cref="GraphQLError"/> when invalid.</summary>
    public abstract object? CoerceInputValue(object value);

    /// <summary>Input coercion of a non-null literal without variables; throws <see cref="GraphQLError"/> when invalid.</summary>
    public abstract object? CoerceInputLiteral(ValueNode literal);
}

/// <summary>Converts JSON values to the plain CLR values input coercion works with.</summary>
public static class JsonValues
{
    /// <summary>A JSON value as CLR: string, bool, int/long/double, <c>object?[]</c>, <c>Dictionary&lt;string, object?&gt;</c>, or null.</summary>
    public static object? ToClr(JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String: return json.GetString();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Number:
                if (json.TryGetInt32(out var i)) return i;
                if (json.TryGetInt64(out var l)) return l;
                return json.GetDouble();
            case JsonValueKind.Array:
                var items = new object?[json.GetArrayLength()];
                var index = 0;
                foreach (var item in json.EnumerateArray()) items[index++] = ToClr(item);
                return items;
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>();
                foreach (var property in json.EnumerateObject()) map[property.Name] = ToClr(property.Value);
                return map;
            default:
                return null;
        }
    }
}
