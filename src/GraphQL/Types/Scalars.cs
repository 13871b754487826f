using System.Globalization;
using System.Text.Json;
using Es.GraphQL.Language;

namespace Es.GraphQL.Types;

/// <summary>
/// The five built-in scalars (spec 3.5.1–3.5.5) with the spec's coercion rules and
/// graphql-js's descriptions and error messages. Int is a 32-bit <see cref="int"/>, Float a
/// finite <see cref="double"/>, ID a <see cref="string"/>.
/// </summary>
public static class Scalars
{
    public const int MaxInt = int.MaxValue;
    public const int MinInt = int.MinValue;

    private static readonly object True = true;
    private static readonly object False = false;

    public static GraphQLScalarType Int { get; } = new("Int")
    {
        Description = "The `Int` scalar type represents non-fractional signed whole numeric values. Int can represent values between -(2^31) and 2^31 - 1.",
        Serialize = SerializeInt,
        ParseValue = ParseInt,
        ParseLiteral = ParseIntLiteral,
        ReadsJson = true,
    };

    public static GraphQLScalarType Float { get; } = new("Float")
    {
        Description = "The `Float` scalar type represents signed double-precision fractional values as specified by [IEEE 754](https://en.wikipedia.org/wiki/IEEE_floating_point).",
        Serialize = SerializeFloat,
        ParseValue = ParseFloat,
        ParseLiteral = ParseFloatLiteral,
        ReadsJson = true,
    };

    public static GraphQLScalarType String { get; } = new("String")
    {
        Description = "The `String` scalar type represents textual data, represented as UTF-8 character sequences. The String type is most often used by GraphQL to represent free-form human-readable text.",
        Serialize = SerializeString,
        ParseValue = ParseString,
        ParseLiteral = ParseStringLiteral,
        ReadsJson = true,
    };

    public static GraphQLScalarType Boolean { get; } = new("Boolean")
    {
        Description = "The `Boolean` scalar type represents `true` or `false`.",
        Serialize = SerializeBoolean,
        ParseValue = ParseBoolean,
        ParseLiteral = ParseBooleanLiteral,
        ReadsJson = true,
    };

    public static GraphQLScalarType ID { get; } = new("ID")
    {
        Description = "The `ID` scalar type represents a unique identifier, often used to refetch an object or as key for a cache. The ID type appears in a JSON response as a String; however, it is not intended to be human-readable. When expected as an input type, any string (such as `\"4\"`) or integer (such as `4`) input value will be accepted as an ID.",
        Serialize = SerializeId,
        ParseValue = ParseId,
        ParseLiteral = ParseIdLiteral,
        ReadsJson = true,
    };

    /// <summary>In graphql-js's order, which is the order they appear in when printed or introspected.</summary>
    public static IReadOnlyList<GraphQLScalarType> Specified { get; } = [String, Int, Float, Boolean, ID];

    public static bool IsSpecified(GraphQLNamedType type) =>
        type.Name is "String" or "Int" or "Float" or "Boolean" or "ID";

    internal static object Box(bool value) => value ? True : False;

    // Int (spec 3.5.1)

    private static object? SerializeInt(object value)
    {
        switch (value)
        {
            case int: return value;
            case bool b: return b ? 1 : 0;
            case long or short or byte or sbyte or uint or ushort or ulong:
                var wide = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                if (wide is > MaxInt or < MinInt)
                    throw new GraphQLError("Int cannot represent non 32-bit signed integer value: " + Inspect.Value(value));
                return (int)wide;
            case string s when s.Length > 0 && TryParseJsNumber(s, out var parsed):
                return IntFromDouble(parsed, value);
            case double or float or decimal:
                return IntFromDouble(Convert.ToDouble(value, CultureInfo.InvariantCulture), value);
            case JsonElement { ValueKind: JsonValueKind.Number } json:
                return IntFromDouble(json.GetDouble(), value);
            default:
                throw new GraphQLError("Int cannot represent non-integer value: " + Inspect.Value(value));
        }
    }

    private static object IntFromDouble(double number, object original)
    {
        if (!double.IsFinite(number) || Math.Floor(number) != number)
            throw new GraphQLError("Int cannot represent non-integer value: " + Inspect.Value(original));
        if (number is > MaxInt or < MinInt)
            throw new GraphQLError("Int cannot represent non 32-bit signed integer value: " + Inspect.Value(original));
        return (int)number;
    }

    private static object? ParseInt(object value)
    {
        double number;
        switch (value)
        {
            case int: return value;
            case JsonElement { ValueKind: JsonValueKind.Number } json:
                if (json.TryGetInt32(out var i)) return i;
                number = json.GetDouble();
                break;
            case long or short or byte or sbyte or uint or ushort or ulong or double or float or decimal:
                number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                break;
            default:
                throw new GraphQLError("Int cannot represent non-integer value: " + Inspect.Value(value));
        }
        if (!double.IsFinite(number) || Math.Floor(number) != number)
            throw new GraphQLError("Int cannot represent non-integer value: " + Inspect.Value(value));
        if (number is > MaxInt or < MinInt)
            throw new GraphQLError("Int cannot represent non 32-bit signed integer value: " + Inspect.Number(number));
        return (int)number;
    }

    // Float (spec 3.5.2)

    private static object? SerializeFloat(object value)
    {
        double number;
        switch (value)
        {
            case double d:
                if (!double.IsFinite(d)) throw new GraphQLError("Float cannot represent non numeric value: " + Inspect.Value(value));
                return value;
            case bool b: return b ? 1.0 : 0.0;
            case string s when s.Length > 0 && TryParseJsNumber(s, out var parsed):
                number = parsed;
                break;
            case int or long or short or byte or sbyte or uint or ushort or ulong or float or decimal:
                number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                break;
            case JsonElement { ValueKind: JsonValueKind.Number } json:
                number = json.GetDouble();
                break;
            default:
                throw new GraphQLError("Float cannot represent non numeric value: " + Inspect.Value(value));
        }
        if (!double.IsFinite(number)) throw new GraphQLError("Float cannot represent non numeric value: " + Inspect.Value(value));
        return number;
    }

    private static object? ParseFloat(object value)
    {
        double number;
        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Number } json:
                if (!json.TryGetDouble(out number)) throw new GraphQLError("Float cannot represent non numeric value: " + json.GetRawText());
                break;
            case int or long or short or byte or sbyte or uint or ushort or ulong or double or float or decimal:
                number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                break;
            default:
                throw new GraphQLError("Float cannot represent non numeric value: " + Inspect.Value(value));
        }
        if (!double.IsFinite(number)) throw new GraphQLError("Float cannot represent non numeric value: " + Inspect.Value(value));
        return number;
    }

    // String (spec 3.5.3)

    private static object? SerializeString(object value) => value switch
    {
        string => value,
        bool b => b ? "true" : "false",
        char c => c.ToString(),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        short or byte or sbyte or uint or ushort or ulong => Convert.ToString(value, CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) => Inspect.Number(d),
        float f when float.IsFinite(f) => Inspect.Number(f),
        decimal m => Inspect.Number((double)m),
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
        JsonElement { ValueKind: JsonValueKind.True } => "true",
        JsonElement { ValueKind: JsonValueKind.False } => "false",
        JsonElement { ValueKind: JsonValueKind.Number } json => Inspect.Number(json.GetDouble()),
        _ => throw new GraphQLError("String cannot represent value: " + Inspect.Value(value)),
    };

    private static object? ParseString(object value) => value switch
    {
        string => value,
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
        _ => throw new GraphQLError("String cannot represent a non string value: " + Inspect.Value(value)),
    };

    // Boolean (spec 3.5.4)

    private static object? SerializeBoolean(object value) => value switch
    {
        bool => value,
        int i => Box(i != 0),
        long or short or byte or sbyte or uint or ushort or ulong or decimal => Box(Convert.ToDecimal(value, CultureInfo.InvariantCulture) != 0),
        double d when double.IsFinite(d) => Box(d != 0),
        float f when float.IsFinite(f) => Box(f != 0),
        JsonElement { ValueKind: JsonValueKind.True } => True,
        JsonElement { ValueKind: JsonValueKind.False } => False,
        JsonElement { ValueKind: JsonValueKind.Number } json => Box(json.GetDouble() != 0),
        _ => throw new GraphQLError("Boolean cannot represent a non boolean value: " + Inspect.Value(value)),
    };

    private static object? ParseBoolean(object value) => value switch
    {
        bool => value,
        JsonElement { ValueKind: JsonValueKind.True } => True,
        JsonElement { ValueKind: JsonValueKind.False } => False,
        _ => throw new GraphQLError("Boolean cannot represent a non boolean value: " + Inspect.Value(value)),
    };

    // ID (spec 3.5.5)

    private static object? SerializeId(object value) => value switch
    {
        string => value,
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        short or byte or sbyte or uint or ushort or ulong => Convert.ToString(value, CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) && Math.Floor(d) == d => Inspect.Number(d),
        Guid g => g.ToString("D"),
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
        JsonElement { ValueKind: JsonValueKind.Number } json when IsIntegral(json) => Inspect.Number(json.GetDouble()),
        _ => throw new GraphQLError("ID cannot represent value: " + Inspect.Value(value)),
    };

    private static object? ParseId(object value) => value switch
    {
        string => value,
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) && Math.Floor(d) == d => Inspect.Number(d),
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
        JsonElement { ValueKind: JsonValueKind.Number } json when IsIntegral(json) => json.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : Inspect.Number(json.GetDouble()),
        _ => throw new GraphQLError("ID cannot represent value: " + Inspect.Value(value)),
    };

    // Literal input coercion (graphql-js coerceInputLiteral): only the literal kinds the spec allows.

    private static object? ParseIntLiteral(ValueNode literal)
    {
        if (literal is not IntValueNode node)
            throw new GraphQLError("Int cannot represent non-integer value: " + Printer.Print(literal));
        if (!int.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new GraphQLError("Int cannot represent non 32-bit signed integer value: " + node.Value);
        return value;
    }

    private static object? ParseFloatLiteral(ValueNode literal) => literal switch
    {
        FloatValueNode f => double.Parse(f.Value, NumberStyles.Float, CultureInfo.InvariantCulture),
        IntValueNode i => double.Parse(i.Value, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new GraphQLError("Float cannot represent non numeric value: " + Printer.Print(literal)),
    };

    private static object? ParseStringLiteral(ValueNode literal) => literal is StringValueNode s
        ? s.Value
        : throw new GraphQLError("String cannot represent a non string value: " + Printer.Print(literal));

    private static object? ParseBooleanLiteral(ValueNode literal) => literal is BooleanValueNode b
        ? Box(b.Value)
        : throw new GraphQLError("Boolean cannot represent a non boolean value: " + Printer.Print(literal));

    private static object? ParseIdLiteral(ValueNode literal) => literal switch
    {
        StringValueNode s => s.Value,
        IntValueNode i => i.Value,
        _ => throw new GraphQLError("ID cannot represent a non-string and non-integer value: " + Printer.Print(literal)),
    };

    private static bool IsIntegral(JsonElement json) =>
        json.TryGetDouble(out var d) && double.IsFinite(d) && Math.Floor(d) == d;

    /// <summary>JavaScript's <c>Number(string)</c> for the decimal forms: surrounding white space allowed, exponent allowed.</summary>
    private static bool TryParseJsNumber(string text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
}
