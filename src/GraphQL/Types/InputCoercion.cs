using System.Collections;
using System.Text.Json;

namespace Es.GraphQL.Types;

/// <summary>Reports one input coercion error and the path (field names, list indices) inside the value where it is.</summary>
public delegate void InputCoercionError(GraphQLError error, IReadOnlyList<object> path);

/// <summary>
/// Input coercion of external values (spec 3.5, 3.10, 3.11, 3.12 "Input Coercion"): a variable
/// value, from JSON or from CLR values, to the internal value a resolver receives. One pass does
/// what graphql-js 17 splits into validateInputValue and coerceInputValue, and reports every
/// error with its path in graphql-js 17's words; callers prefix them (e.g. <c>Variable "$x" has
/// invalid value.path: </c>, see <see cref="PrintPathArray"/>).
/// </summary>
public static class InputCoercion
{
    /// <summary>Coerces <paramref name="value"/>; returns the internal value, and reports errors (and returns null) when it is invalid.</summary>
    public static object? CoerceInputValue(object? value, GraphQLType type, InputCoercionError? onError = null)
    {
        var errors = onError ?? ThrowFirst;
        return Coerce(value, type, errors, null);
    }

    /// <summary>Coerces, collecting errors; true when the value was valid.</summary>
    public static bool TryCoerceInputValue(object? value, GraphQLType type, out object? coerced, out IReadOnlyList<GraphQLError> errors)
    {
        var found = new List<GraphQLError>();
        coerced = Coerce(value, type, (error, _) => found.Add(error), null);
        errors = found;
        return found.Count == 0;
    }

    private static void ThrowFirst(GraphQLError error, IReadOnlyList<object> path) => throw error;

    /// <summary>A path inside a value as graphql-js prints it in messages: <c> at .author.tags[2]</c>, or nothing for the value itself.</summary>
    public static string PrintPathArray(IReadOnlyList<object> path) =>
        path.Count == 0 ? "" : " at " + string.Concat(path.Select(key => key is int index ? $"[{index}]" : "." + key));

    private static bool IsNull(object? value) =>
        value is null or JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined };

    private static object? Coerce(object? value, GraphQLType type, InputCoercionError onError, ResponsePath? path)
    {
        if (type is GraphQLNonNullType nonNull)
        {
            if (!IsNull(value)) return Coerce(value, nonNull.OfType, onError, path);
            onError(new GraphQLError($"Expected value of non-null type \"{type}\" not to be null."), PathOf(path));
            return null;
        }

        if (IsNull(value)) return null;

        switch (type)
        {
            case GraphQLListType list:
                return CoerceList(value!, list.OfType, onError, path);
            case GraphQLInputObjectType input:
                return CoerceInputObject(value!, input, onError, path);
            case GraphQLLeafType leaf:
                object? result;
                try
                {
                    result = leaf.CoerceInputValue(value!);
                }
                catch (GraphQLError error)
                {
                    onError(error, PathOf(path));
                    return null;
                }
                catch (Exception error) when (error is FormatException or InvalidCastException or OverflowException or ArgumentException or InvalidOperationException)
                {
                    onError(new GraphQLError($"Expected value of type \"{leaf}\", but encountered error \"{error.Message}\"; found: {Inspect.Value(value)}.", originalError: error), PathOf(path));
                    return null;
                }
                return result;
        }
        throw new InvalidOperationException($"Unexpected input type: {type}.");
    }

    private static object? CoerceList(object value, GraphQLType itemType, InputCoercionError onError, ResponsePath? path)
    {
        if (value is JsonElement { ValueKind: JsonValueKind.Array } array)
        {
            var items = new object?[array.GetArrayLength()];
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                items[i] = Coerce(item, itemType, onError, new ResponsePath(path, i));
                i++;
            }
            return items;
        }
        if (value is IEnumerable enumerable and not string and not IDictionary and not IReadOnlyDictionary<string, object?>)
        {
            var items = new List<object?>();
            var i = 0;
            foreach (var item in enumerable)
            {
                items.Add(Coerce(item, itemType, onError, new ResponsePath(path, i)));
                i++;
            }
            return items.ToArray();
        }
        // A single value where a list is expected is a list of one (spec 3.11 "Input Coercion").
        return new[] { Coerce(value, itemType, onError, path) };
    }

    private static object? CoerceInputObject(object value, GraphQLInputObjectType type, InputCoercionError onError, ResponsePath? path)
    {
        IEnumerable<KeyValuePair<string, object?>>? entries;
        Func<string, (bool Found, object? Value)> lookup;
        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Object } json:
                entries = json.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value));
                lookup = name => json.TryGetProperty(name, out var property) ? (true, property) : (false, null);
                break;
            case IReadOnlyDictionary<string, object?> map:
                entries = map;
                lookup = name => map.TryGetValue(name, out var v) ? (true, v) : (false, null);
                break;
            case IDictionary<string, object?> dictionary:
                entries = dictionary;
                lookup = name => dictionary.TryGetValue(name, out var v) ? (true, v) : (false, null);
                break;
            default:
                onError(new GraphQLError($"Expected value of type \"{type}\" to be an object, found: {Inspect.Value(value)}."), PathOf(path));
                return null;
        }

        var coerced = new Dictionary<string, object?>();
        foreach (var field in type.GetFields())
        {
            var (found, fieldValue) = lookup(field.Name);
            if (!found)
            {
                if (field.HasDefaultValue) coerced[field.Name] = field.DefaultValue;
                else if (field.Type is GraphQLNonNullType)
                    onError(new GraphQLError($"Expected value of type \"{type}\" to include required field \"{field.Name}\", found: {Inspect.Value(value)}."), PathOf(path));
                continue;
            }
            coerced[field.Name] = Coerce(fieldValue, field.Type, onError, new ResponsePath(path, field.Name));
        }

        foreach (var entry in entries)
        {
            if (type.GetField(entry.Key) is not null) continue;
            var suggestion = Suggestions.DidYouMean(Suggestions.List(entry.Key, type.GetFields().Select(f => f.Name)));
            var found = suggestion.Length > 0 ? "." + suggestion + " Found" : ", found";
            onError(new GraphQLError($"Expected value of type \"{type}\" not to include unknown field \"{entry.Key}\"{found}: {Inspect.Value(value)}."), PathOf(path));
        }

        if (type.IsOneOf)
        {
            var given = entries.Where(e => type.GetField(e.Key) is not null).ToList();
            if (given.Count != 1) onError(new GraphQLError(OneOfMessage(type)), PathOf(path));
            if (given.Count > 0 && IsNull(given[0].Value))
                onError(new GraphQLError(OneOfMessage(type)), PathOf(new ResponsePath(path, given[0].Key)));
        }

        return type.ParseValue is null ? coerced : type.ParseValue(coerced);
    }

    internal static string OneOfMessage(GraphQLInputObjectType type) =>
        $"Within OneOf Input Object type \"{type}\", exactly one field must be specified, and the value for that field must be non-null.";

    private static IReadOnlyList<object> PathOf(ResponsePath? path) => path?.ToList() ?? [];
}
