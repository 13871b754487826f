using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Es.GraphQL.Types;

/// <summary>
/// Renders values in error messages the way graphql-js's <c>inspect</c> does, so our messages
/// match graphql-js's word for word: strings quoted as JSON, numbers as JavaScript prints them,
/// objects as <c>{ a: 1 }</c>, lists as <c>[1, 2]</c>.
/// </summary>
internal static class Inspect
{
    private const int MaxArrayLength = 10;
    private const int MaxRecursiveDepth = 2;

    public static string Value(object? value) => Format(value, 0);

    private static string Format(object? value, int depth)
    {
        switch (value)
        {
            case null: return "null";
            case string s: return Quote(s);
            case bool b: return b ? "true" : "false";
            case char c: return Quote(c.ToString());
            case int or long or short or byte or sbyte or uint or ulong or ushort:
                return Convert.ToString(value, CultureInfo.InvariantCulture)!;
            case double d: return Number(d);
            case float f: return Number(f);
            case decimal m: return Number((double)m);
            case JsonElement json: return FormatJson(json, depth);
            case GraphQLType type: return type.ToString() ?? "";
            case IEnumerable<KeyValuePair<string, object?>> map: return FormatObject(map.Select(p => (p.Key, p.Value)).ToList(), depth);
            case IEnumerable list and not string: return FormatList(list.Cast<object?>().ToList(), depth);
            default: return value.ToString() ?? "";
        }
    }

    private static string FormatJson(JsonElement json, int depth) => json.ValueKind switch
    {
        JsonValueKind.String => Quote(json.GetString() ?? ""),
        JsonValueKind.Number => json.TryGetDouble(out var d) ? Number(d) : json.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Undefined => "undefined",
        JsonValueKind.Array => FormatList(json.EnumerateArray().Select(e => (object?)e).ToList(), depth),
        _ => FormatObject(json.EnumerateObject().Select(p => (p.Name, (object?)p.Value)).ToList(), depth),
    };

    private static string FormatList(List<object?> items, int depth)
    {
        if (items.Count == 0) return "[]";
        if (depth + 1 > MaxRecursiveDepth) return "[Array]";
        var shown = items.Take(MaxArrayLength).Select(i => Format(i, depth + 1)).ToList();
        var remaining = items.Count - MaxArrayLength;
        if (remaining == 1) shown.Add("... 1 more item");
        else if (remaining > 1) shown.Add($"... {remaining} more items");
        return "[" + string.Join(", ", shown) + "]";
    }

    private static string FormatObject(List<(string Key, object? Value)> entries, int depth)
    {
        if (entries.Count == 0) return "{}";
        if (depth + 1 > MaxRecursiveDepth) return "[Object]";
        return "{ " + string.Join(", ", entries.Select(e => e.Key + ": " + Format(e.Value, depth + 1))) + " }";
    }

    /// <summary>A string as JavaScript's <c>JSON.stringify</c> writes it.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>A double as JavaScript's <c>String(number)</c> prints it (ECMAScript Number::toString).</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (value == 0) return "0";
        if (Math.Abs(value) < 1e21 && Math.Floor(value) == value)
            return new BigInteger(value).ToString(CultureInfo.InvariantCulture);

        // Shortest round-trip digits and exponent, then laid out by the ECMAScript rules.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = Decompose(shortest);
        var k = digits.Length;
        var n = exponent;
        var sb = new StringBuilder();
        if (value < 0) sb.Append('-');
        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            sb.Append(digits[0]);
            if (k > 1) sb.Append('.').Append(digits, 1, k - 1);
            sb.Append('e').Append(n - 1 >= 0 ? "+" : "-").Append(Math.Abs(n - 1));
        }
        return sb.ToString();
    }

    /// <summary>Splits "1.2345E-07" or "123.45" into significant digits and the position n of the decimal point.</summary>
    private static (string Digits, int N) Decompose(string text)
    {
        var e = text.IndexOfAny(['E', 'e']);
        var mantissa = e >= 0 ? text[..e] : text;
        var exp = e >= 0 ? int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var all = intPart + fracPart;
        var pointAt = intPart.Length + exp;
        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0') leading++;
        all = all[leading..];
        pointAt -= leading;
        all = all.TrimEnd('0');
        if (all.Length == 0) all = "0";
        return (all, pointAt);
    }
}
