using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Es.GraphQL.Language;

namespace Es.GraphQL.Types;

/// <summary>
/// The custom scalars Es uses beyond the built-in five, each with <c>@specifiedBy</c> pointing at
/// the format it follows. Internal values: <see cref="DateTimeOffset"/>, <see cref="decimal"/>,
/// <see cref="Guid"/>, and any JSON value.
/// </summary>
public static partial class CustomScalars
{
    public const string DateTimeUrl = "https://scalars.graphql.org/andimarek/date-time";
    public const string DecimalUrl = "https://www.w3.org/TR/xmlschema11-2/#decimal";
    public const string UuidUrl = "https://www.rfc-editor.org/rfc/rfc9562";
    public const string JsonUrl = "https://www.rfc-editor.org/rfc/rfc8259";

    /// <summary>An instant as an RFC 3339 date-time string with an offset, e.g. <c>2026-11-22T10:47:55Z</c>.</summary>
    public static GraphQLScalarType DateTime { get; } = new("DateTime")
    {
        Description = "A date-time string at UTC or with an offset, such as `2026-11-22T10:47:55Z`, compliant with the `date-time` format of RFC 3339.",
        SpecifiedByUrl = DateTimeUrl,
        Serialize = SerializeDateTime,
        ParseValue = ParseDateTime,
        ReadsJson = true,
    };

    /// <summary>An exact decimal number, carried as a string so no client rounds it through a double.</summary>
    public static GraphQLScalarType Decimal { get; } = new("Decimal")
    {
        Description = "An exact decimal number, such as `\"29.90\"`, serialized as a string to keep every digit. Accepted as input as a string or a number.",
        SpecifiedByUrl = DecimalUrl,
        Serialize = SerializeDecimal,
        ParseValue = ParseDecimal,
        ParseLiteral = ParseDecimalLiteral,
        ReadsJson = true,
    };

    /// <summary>A UUID in its hyphenated lower-case form.</summary>
    public static GraphQLScalarType Uuid { get; } = new("UUID")
    {
        Description = "A universally unique identifier in its hyphenated form, such as `\"8a0b36a4-5e4c-4b3a-9d3c-2f1c4c1a2b3d\"`.",
        SpecifiedByUrl = UuidUrl,
        Serialize = SerializeUuid,
        ParseValue = ParseUuid,
        ReadsJson = true,
    };

    /// <summary>Any JSON value, passed through unchanged.</summary>
    public static GraphQLScalarType Json { get; } = new("JSON")
    {
        Description = "Any JSON value: object, array, string, number, boolean or null.",
        SpecifiedByUrl = JsonUrl,
        Serialize = static value => value,
        ParseValue = static value => value is JsonElement json ? json.Clone() : value,
        ReadsJson = true,
    };

    public static IReadOnlyList<GraphQLScalarType> All { get; } = [DateTime, Decimal, Uuid, Json];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalLexical();

    public static string FormatDateTime(DateTimeOffset value)
    {
        var text = value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return value.Offset == TimeSpan.Zero ? text + "Z" : text + value.ToString("zzz", CultureInfo.InvariantCulture);
    }

    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        value = default;
        if (!Rfc3339().IsMatch(text)) return false;
        // .NET keeps 7 fractional digits; RFC 3339 allows any number, so extra ones are dropped.
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = text[..(dot + 8)] + text[end..];
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);
    }

    private static object? SerializeDateTime(object value) => value switch
    {
        DateTimeOffset offset => FormatDateTime(offset),
        System.DateTime { Kind: DateTimeKind.Local } local => FormatDateTime(new DateTimeOffset(local)),
        System.DateTime utc => FormatDateTime(new DateTimeOffset(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc))),
        string s when TryParseDateTime(s, out var parsed) => FormatDateTime(parsed),
        _ => throw new GraphQLError("DateTime cannot represent value: " + Inspect.Value(value)),
    };

    private static object? ParseDateTime(object value)
    {
        var text = value switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } json => json.GetString()!,
            _ => throw new GraphQLError("DateTime cannot represent a non string value: " + Inspect.Value(value)),
        };
        if (TryParseDateTime(text, out var parsed)) return parsed;
        throw new GraphQLError("DateTime cannot represent an invalid RFC 3339 date-time string: " + Inspect.Value(text));
    }

    private static object? SerializeDecimal(object value) => value switch
    {
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        int or long or short or byte or sbyte or uint or ushort or ulong => Convert.ToString(value, CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        string s when TryParseDecimal(s, out var parsed) => parsed.ToString(CultureInfo.InvariantCulture),
        _ => throw new GraphQLError("Decimal cannot represent value: " + Inspect.Value(value)),
    };

    private static object? ParseDecimal(object value)
    {
        switch (value)
        {
            case decimal: return value;
            case int i: return (decimal)i;
            case long l: return (decimal)l;
            case double d when double.IsFinite(d): return (decimal)d;
            case string s when TryParseDecimal(s, out var parsed): return parsed;
            case JsonElement { ValueKind: JsonValueKind.Number } json when json.TryGetDecimal(out var number): return number;
            case JsonElement { ValueKind: JsonValueKind.String } json when TryParseDecimal(json.GetString()!, out var parsed): return parsed;
            default: throw new GraphQLError("Decimal cannot represent value: " + Inspect.Value(value));
        }
    }

    // A literal is read from its text: going through a double would lose digits.
    private static object? ParseDecimalLiteral(ValueNode literal)
    {
        var text = literal switch
        {
            IntValueNode i => i.Value,
            FloatValueNode f => f.Value,
            StringValueNode s => s.Value,
            _ => throw new GraphQLError("Decimal cannot represent value: " + Printer.Print(literal)),
        };
        if (TryParseDecimal(text, out var value)) return value;
        if (literal is not StringValueNode
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var scientific)) return scientific;
        throw new GraphQLError("Decimal cannot represent value: " + Printer.Print(literal));
    }

    public static bool TryParseDecimal(string text, out decimal value)
    {
        value = default;
        return DecimalLexical().IsMatch(text)
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static object? SerializeUuid(object value) => value switch
    {
        Guid g => g.ToString("D"),
        string s when Guid.TryParseExact(s, "D", out var parsed) => parsed.ToString("D"),
        _ => throw new GraphQLError("UUID cannot represent value: " + Inspect.Value(value)),
    };

    private static object? ParseUuid(object value)
    {
        var text = value switch
        {
            Guid => null,
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } json => json.GetString()!,
            _ => throw new GraphQLError("UUID cannot represent a non string value: " + Inspect.Value(value)),
        };
        if (text is null) return value;
        if (Guid.TryParseExact(text, "D", out var parsed)) return parsed;
        throw new GraphQLError("UUID cannot represent an invalid UUID string: " + Inspect.Value(text));
    }
}
