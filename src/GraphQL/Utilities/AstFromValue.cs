using System.Collections;
using System.Text;
using System.Text.RegularExpressions;
using Es.GraphQL.Types;

namespace Es.GraphQL.Utilities;

/// <summary>
/// An internal value as a GraphQL literal of a given input type (graphql-js astFromValue followed
/// by print): default values in printed SDL and in introspection's <c>defaultValue</c>.
/// </summary>
public static partial class AstFromValue
{
    [GeneratedRegex("^-?(?:0|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerString();

    /// <summary>The default of an argument or input field as GraphQL text, or null when it has none.</summary>
    public static string? PrintDefaultValue(GraphQLInputValue inputValue)
    {
        if (inputValue.DefaultValueLiteral is not null) return inputValue.DefaultValueLiteral;
        if (!inputValue.HasDefaultValue) return null;
        return Print(inputValue.DefaultValue, inputValue.Type)
            ?? throw new InvalidOperationException($"Invalid default value for {inputValue}.");
    }

    private const int MaxLineLength = 80;

    /// <summary>
    /// The literal for <paramref name="value"/>, or null when it has none (graphql-js returns null
    /// for such values). Laid out as graphql-js 17 prints values: lists and objects longer than
    /// 80 characters go on several lines, objects are written <c>{ a: 1 }</c>.
    /// </summary>
    public static string? Print(object? value, GraphQLType type)
    {
        if (type is GraphQLNonNullType nonNull)
        {
            var inner = Print(value, nonNull.OfType);
            return inner == "null" ? null : inner;
        }

        if (value is null) return "null";

        switch (type)
        {
            case GraphQLListType list:
                if (value is IEnumerable items and not string and not IDictionary and not IReadOnlyDictionary<string, object?>)
                {
                    var printed = new List<string>();
                    foreach (var item in items)
                    {
                        var itemLiteral = Print(item, list.OfType);
                        if (itemLiteral is not null) printed.Add(itemLiteral);
                    }
                    return 2 + JoinedLength(printed) > MaxLineLength
                        ? "[\n" + Indent(string.Join("\n", printed)) + "\n]"
                        : "[" + string.Join(", ", printed) + "]";
                }
                return Print(value, list.OfType);

            case GraphQLInputObjectType input:
                var fields = value as IReadOnlyDictionary<string, object?>;
                if (fields is null)
                {
                    if (value is IDictionary<string, object?> dictionary) fields = dictionary.AsReadOnly();
                    else return null;
                }
                var printedFields = new List<string>();
                foreach (var field in input.GetFields())
                {
                    if (!fields.TryGetValue(field.Name, out var fieldValue)) continue;
                    var fieldLiteral = Print(fieldValue, field.Type);
                    if (fieldLiteral is not null) printedFields.Add(field.Name + ": " + fieldLiteral);
                }
                if (4 + JoinedLength(printedFields) > MaxLineLength)
                    return "{\n" + Indent(string.Join("\n", printedFields)) + "\n}";
                // graphql-js joins "{ ", the fields and " }", so no fields print as "{  }".
                return "{ " + string.Join(", ", printedFields) + " }";

            case GraphQLLeafType leaf:
                var sb = new StringBuilder();
                return WriteSerialized(sb, leaf.CoerceOutputValue(value), leaf) ? sb.ToString() : null;
        }
        return null;
    }

    private static int JoinedLength(List<string> items) =>
        items.Count == 0 ? 0 : items.Sum(i => i.Length) + 2 * (items.Count - 1);

    private static string Indent(string text) => "  " + text.Replace("\n", "\n  ");

    private static bool WriteSerialized(StringBuilder sb, object? serialized, GraphQLLeafType type)
    {
        switch (serialized)
        {
            case null:
                return false;
            case bool b:
                sb.Append(b ? "true" : "false");
                return true;
            case int or long or short or byte or sbyte or uint or ushort or ulong or double or float or decimal:
                var number = Convert.ToDouble(serialized, System.Globalization.CultureInfo.InvariantCulture);
                if (!double.IsFinite(number)) return false;
                sb.Append(serialized is int i ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : Inspect.Number(number));
                return true;
            case string s:
                if (type is GraphQLEnumType) sb.Append(s);
                else if (type.Name == "ID" && IntegerString().IsMatch(s)) sb.Append(s);
                else sb.Append(StringLiterals.PrintString(s));
                return true;
            default:
                throw new GraphQLError($"Cannot convert value to AST: {Inspect.Value(serialized)}.");
        }
    }
}
