using System.Diagnostics.CodeAnalysis;

namespace Es.GraphQL.Types;

/// <summary>
/// The coerced arguments of a field (spec 6.4.1). Values are internal values: Int is
/// <see cref="int"/>, Float <see cref="double"/>, String and ID <see cref="string"/>, Boolean
/// <see cref="bool"/>, enums the CLR value mapped to the enum value, lists <c>object?[]</c>, input
/// objects <c>IReadOnlyDictionary&lt;string, object?&gt;</c> unless the input type maps them.
/// An argument that was omitted and has no default is absent, which is not the same as null.
/// </summary>
public sealed class ArgumentValues(IReadOnlyDictionary<string, object?> values)
{
    public static ArgumentValues Empty { get; } = new(new Dictionary<string, object?>());

    public IReadOnlyDictionary<string, object?> Values { get; } = values;

    public object? this[string name] => Values.GetValueOrDefault(name);

    /// <summary>Whether the argument was given or has a default (spec: "has a value").</summary>
    public bool Has(string name) => Values.ContainsKey(name);

    /// <summary>The argument as <typeparamref name="T"/>; throws when it is absent or of another type.</summary>
    public T Get<T>(string name)
    {
        if (!Values.TryGetValue(name, out var value))
            throw new InvalidOperationException($"Argument \"{name}\" has no value.");
        return InputValueConversion.To<T>(value, name);
    }

    /// <summary>The argument as <typeparamref name="T"/>, or <paramref name="fallback"/> when absent or null.</summary>
    public T GetOrDefault<T>(string name, T fallback = default!) =>
        Values.TryGetValue(name, out var value) && value is not null ? InputValueConversion.To<T>(value, name) : fallback;

    public bool TryGet<T>(string name, [MaybeNullWhen(false)] out T value)
    {
        if (Values.TryGetValue(name, out var raw) && raw is not null)
        {
            value = InputValueConversion.To<T>(raw, name);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>A list argument with each item as <typeparamref name="T"/>; null when the argument is absent or null.</summary>
    public IReadOnlyList<T>? GetList<T>(string name)
    {
        if (!Values.TryGetValue(name, out var raw) || raw is null) return null;
        if (raw is IReadOnlyList<T> typed) return typed;
        var items = (IReadOnlyList<object?>)raw;
        var result = new T[items.Count];
        for (var i = 0; i < result.Length; i++) result[i] = InputValueConversion.To<T>(items[i], name);
        return result;
    }
}

/// <summary>Widens coerced input values to the CLR type a resolver asks for (an Int to a long, an ID to a Guid).</summary>
internal static class InputValueConversion
{
    public static T To<T>(object? value, string name)
    {
        if (value is T typed) return typed;
        if (value is null)
        {
            if (default(T) is null) return default!;
            throw new InvalidOperationException($"Argument \"{name}\" is null but {typeof(T).Name} cannot be null.");
        }
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        object? converted = value switch
        {
            int i when target == typeof(long) => (long)i,
            int i when target == typeof(double) => (double)i,
            int i when target == typeof(decimal) => (decimal)i,
            int i when target == typeof(float) => (float)i,
            int i when target == typeof(short) && i is >= short.MinValue and <= short.MaxValue => (short)i,
            double d when target == typeof(decimal) => (decimal)d,
            double d when target == typeof(float) => (float)d,
            string s when target == typeof(Guid) && Guid.TryParse(s, out var g) => g,
            string s when target == typeof(long) && long.TryParse(s, out var l) => l,
            string s when target == typeof(int) && int.TryParse(s, out var n) => n,
            _ => null,
        };
        if (converted is T result) return result;
        throw new InvalidOperationException($"Argument \"{name}\" is a {value.GetType().Name} and cannot be read as {typeof(T).Name}.");
    }
}
