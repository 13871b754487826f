using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Utilities;

/// <summary>
/// An internal value as a GraphQL literal of a given input type (graphql-js astFromValue): how
/// default values appear in printed SDL and in introspection's <c>defaultValue</c>. Leaf values go
/// through result coercion first, so an enum's CLR value prints as its name.
/// </summary>
public static partial class AstFromValue
{
    [GeneratedRegex("^-?(?:0|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerString();

    /// <summary>The default of an argument or input field as GraphQL text, or null when it has none.</summary>
    public static string? PrintDefaultValue(GraphQLInputValue inputValue)
    {
        if (inputValue.DefaultLiteral is not null) return Printer.Print(inputValue.DefaultLiteral);
        if (!inputValue.HasDefaultValue) return null;
        return Print(inputValue.DefaultValue, inputValue.Type)
            ?? throw new InvalidOperationException($"Invalid default value for {inputValue}.");
    }

    /// <summary>The literal printed as graphql-js 17 prints it, or null when the value has none.</summary>
    public static string? Print(object? value, GraphQLType type) =>
        Build(value, type) is { } node ? Printer.Print(node) : null;

    /// <summary>The literal for <paramref name="value"/>, or null when it has none (a null for a non-null type, a non-object for an input object).</summary>
    public static ValueNode? Build(object? value, GraphQLType type)
    {
        if (type is GraphQLNonNullType nonNull)
        {
            var inner = Build(value, nonNull.OfType);
            return inner is NullValueNode ? null : inner;
        }

        if (value is null) return new NullValueNode();

        switch (type)
        {
            case GraphQLListType list:
                if (value is IEnumerable items and not string and not IDictionary and not IReadOnlyDictionary<string, object?>)
                {
                    var nodes = new List<ValueNode>();
                    foreach (var item in items)
                    {
                        if (Build(item, list.OfType) is { } node) nodes.Add(node);
                    }
                    return new ListValueNode(nodes);
                }
                return Build(value, list.OfType);

            case GraphQLInputObjectType input:
                var fields = value as IReadOnlyDictionary<string, object?>;
                if (fields is null)
                {
                    if (value is IDictionary<string, object?> dictionary) fields = dictionary.AsReadOnly();
                    else return null;
                }
                var fieldNodes = new List<ObjectFieldNode>();
                foreach (var field in input.GetFields())
                {
                    if (fields.TryGetValue(field.Name, out var fieldValue) && Build(fieldValue, field.Type) is { } node)
                        fieldNodes.Add(new ObjectFieldNode(new NameNode(field.Name), node));
                }
                return new ObjectValueNode(fieldNodes);

            case GraphQLLeafType leaf:
                return FromSerialized(leaf.CoerceOutputValue(value), leaf);
        }
        return null;
    }

    private static ValueNode? FromSerialized(object? serialized, GraphQLLeafType type)
    {
        switch (serialized)
        {
            case null:
                return null;
            case bool b:
                return new BooleanValueNode(b);
            case int or long or short or byte or sbyte or uint or ushort or ulong or double or float or decimal:
                var number = Convert.ToDouble(serialized, CultureInfo.InvariantCulture);
                if (!double.IsFinite(number)) return null;
                var text = serialized is int i ? i.ToString(CultureInfo.InvariantCulture) : Inspect.Number(number);
                return IntegerString().IsMatch(text) ? new IntValueNode(text) : new FloatValueNode(text);
            case string s:
                if (type is GraphQLEnumType) return new EnumValueNode(s);
                if (type.Name == "ID" && IntegerString().IsMatch(s)) return new IntValueNode(s);
                return new StringValueNode(s);
            default:
                return Untyped(serialized);
        }
    }

    /// <summary>A literal for a value of unknown type: JSON-like values map to the literal of the same shape.</summary>
    public static ValueNode Untyped(object? value)
    {
        switch (value)
        {
            case null: return new NullValueNode();
            case bool b: return new BooleanValueNode(b);
            case string s: return new StringValueNode(s);
            case int i: return new IntValueNode(i.ToString(CultureInfo.InvariantCulture));
            case long l: return new IntValueNode(l.ToString(CultureInfo.InvariantCulture));
            case double or float or decimal:
                var text = Inspect.Number(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                return IntegerString().IsMatch(text) ? new IntValueNode(text) : new FloatValueNode(text);
            case JsonElement json:
                return Untyped(JsonValues.ToClr(json));
            case IEnumerable<KeyValuePair<string, object?>> map:
                return new ObjectValueNode(map.Select(p => new ObjectFieldNode(new NameNode(p.Key), Untyped(p.Value))).ToArray());
            case IEnumerable items:
                return new ListValueNode(items.Cast<object?>().Select(Untyped).ToArray());
            default:
                throw new GraphQLError($"Cannot convert value to AST: {Inspect.Value(value)}.");
        }
    }
}
