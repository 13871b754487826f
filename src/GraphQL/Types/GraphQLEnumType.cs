using System.Text.Json;
using Es.GraphQL.Language;

namespace Es.GraphQL.Types;

/// <summary>
/// An enum type (spec 3.9). Each value has a name (what the response and documents carry) and an
/// internal CLR value (what resolvers return and receive), by default its name. Lookups both
/// ways are dictionaries built once.
/// </summary>
public sealed class GraphQLEnumType : GraphQLLeafType
{
    private readonly Dictionary<string, GraphQLEnumValue> _byName;
    private readonly Dictionary<object, GraphQLEnumValue> _byValue;

    public GraphQLEnumType(string name, IEnumerable<GraphQLEnumValue> values) : base(name)
    {
        Values = values.ToArray();
        _byName = new Dictionary<string, GraphQLEnumValue>(Values.Count);
        _byValue = new Dictionary<object, GraphQLEnumValue>(Values.Count);
        foreach (var value in Values)
        {
            if (!_byName.TryAdd(value.Name, value))
                throw new GraphQLError($"{name} values must have unique names: \"{value.Name}\" is defined more than once.");
            value.ParentType = this;
            if (value.Value is not null) _byValue.TryAdd(value.Value, value);
        }
    }

    /// <summary>An enum over a CLR enum: each member becomes a value named in CONSTANT_CASE (<c>PendingReview</c> is <c>PENDING_REVIEW</c>).</summary>
    public static GraphQLEnumType From<TEnum>(string? name = null, string? description = null) where TEnum : struct, Enum =>
        new(name ?? typeof(TEnum).Name, Enum.GetValues<TEnum>().Select(v => new GraphQLEnumValue(ConstantCase(v.ToString())) { Value = v }))
        {
            Description = description,
        };

    public override TypeKind Kind => TypeKind.Enum;

    public IReadOnlyList<GraphQLEnumValue> Values { get; }

    public GraphQLEnumValue? GetValue(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The enum value whose internal value is <paramref name="value"/>.</summary>
    public GraphQLEnumValue? GetValueFor(object value) => _byValue.GetValueOrDefault(value);

    /// <summary>Result coercion: the name of the value whose internal value this is.</summary>
    public override object? CoerceOutputValue(object value) =>
        _byValue.TryGetValue(value, out var enumValue)
            ? enumValue.Name
            : throw new GraphQLError($"Enum \"{Name}\" cannot represent value: {Inspect.Value(value)}");

    /// <summary>Input coercion: a variable's string to the internal value of the value of that name.</summary>
    public override object? CoerceInputValue(object value)
    {
        var name = value switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
            _ => null,
        };
        if (name is null)
        {
            var text = Inspect.Value(value);
            throw new GraphQLError($"Enum \"{Name}\" cannot represent non-string value: {text}." + DidYouMeanValue(text));
        }
        if (_byName.TryGetValue(name, out var enumValue)) return enumValue.Value;
        throw new GraphQLError($"Value \"{name}\" does not exist in \"{Name}\" enum." + DidYouMeanValue(name));
    }

    /// <summary>Input coercion of a literal: an enum value literal naming one of the values.</summary>
    public override object? CoerceInputLiteral(ValueNode literal)
    {
        if (literal is not EnumValueNode enumLiteral)
        {
            var text = Printer.Print(literal);
            throw new GraphQLError($"Enum \"{Name}\" cannot represent non-enum value: {text}." + DidYouMeanValue(text));
        }
        if (_byName.TryGetValue(enumLiteral.Value, out var enumValue)) return enumValue.Value;
        throw new GraphQLError($"Value \"{enumLiteral.Value}\" does not exist in \"{Name}\" enum." + DidYouMeanValue(enumLiteral.Value));
    }

    internal string DidYouMeanValue(string unknown) =>
        Suggestions.DidYouMean("the enum value", Suggestions.List(unknown, Values.Select(v => v.Name)));

    /// <summary><c>PendingReview</c> to <c>PENDING_REVIEW</c>, <c>HTTPError</c> to <c>HTTP_ERROR</c>.</summary>
    internal static string ConstantCase(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (i > 0 && char.IsUpper(c))
            {
                var previous = pascal[i - 1];
                var endsAcronym = char.IsUpper(previous) && i + 1 < pascal.Length && char.IsLower(pascal[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || endsAcronym) sb.Append('_');
            }
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }
}

/// <summary>One value of an enum type (spec 3.9).</summary>
public sealed class GraphQLEnumValue
{
    private object? _value;
    private bool _hasValue;

    public GraphQLEnumValue(string name)
    {
        NameValidation.AssertEnumValueName(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>The internal value resolvers use; the name itself unless given.</summary>
    public object? Value
    {
        get => _hasValue ? _value : Name;
        init
        {
            _value = value;
            _hasValue = true;
        }
    }

    public string? Description { get; init; }

    public string? DeprecationReason { get; init; }

    public bool IsDeprecated => DeprecationReason is not null;

    public GraphQLEnumType ParentType { get; internal set; } = null!;

    /// <summary>The SDL definition, for error locations; null for code-first values.</summary>
    public EnumValueDefinitionNode? AstNode { get; init; }

    public override string ToString() => $"{ParentType?.Name}.{Name}";
}
