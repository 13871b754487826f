using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace Es.GraphQL.Types;

/// <summary>
/// The resolver of fields that give none (graphql-js <c>defaultFieldResolver</c>): reads the
/// entry of a dictionary or JSON object, or the public property or field of a CLR object whose
/// name matches the field name (exactly, else ignoring case, so <c>createdAt</c> reads <c>CreatedAt</c>).
/// Property getters are compiled once per CLR type and name, so no reflection runs per value.
/// </summary>
public static class DefaultFieldResolver
{
    private static readonly ConcurrentDictionary<(Type, string), Func<object, object?>?> Getters = new();

    public static readonly FieldResolver Resolve = static context =>
        new ValueTask<object?>(ReadMember(context.Source, context.Field.Name));

    public static object? ReadMember(object? source, string name)
    {
        switch (source)
        {
            case null:
                return null;
            case IReadOnlyDictionary<string, object?> readOnly:
                return readOnly.GetValueOrDefault(name);
            case IDictionary<string, object?> dictionary:
                return dictionary.TryGetValue(name, out var value) ? value : null;
            case JsonElement { ValueKind: JsonValueKind.Object } json:
                return json.TryGetProperty(name, out var property) ? property : null;
        }
        var getter = Getters.GetOrAdd((source.GetType(), name), static key => CompileGetter(key.Item1, key.Item2));
        return getter?.Invoke(source);
    }

    private static Func<object, object?>? CompileGetter(Type type, string name)
    {
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance;
        MemberInfo? member =
            (MemberInfo?)type.GetProperty(name, Flags) ?? type.GetField(name, Flags);
        // Ignoring case, the first match wins (GetProperty would throw when Id and ID both exist).
        member ??= (MemberInfo?)type.GetProperties(Flags).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? type.GetFields(Flags).FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        if (member is PropertyInfo { GetMethod: null } || member is PropertyInfo p && p.GetIndexParameters().Length > 0) return null;
        if (member is null) return null;
        var instance = Expression.Parameter(typeof(object), "source");
        var typed = Expression.Convert(instance, type);
        Expression access = member is PropertyInfo property
            ? Expression.Property(typed, property)
            : Expression.Field(typed, (FieldInfo)member);
        var body = Expression.Convert(access, typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, instance).Compile();
    }
}
