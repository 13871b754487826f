using System.Numerics;
using System.Text.Json;
using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation;

/// <summary>
/// How many items a list field is taken to return, for <see cref="OperationLimitsAnalyzer"/>. A
/// field's size is the largest value its list-size arguments (<see cref="OperationLimits.ListSizeArguments"/>)
/// will have once coerced: written (<c>first: 20</c>), given as a variable (the request's value, else
/// the variable's default, else the argument's default), or not written (the argument's default in
/// the schema). A value that cannot be known before coercion (null, negative, not an integer) is no
/// size: coercion or the resolver will refuse it, or treat it as no limit at all. A list field
/// without a size counts <see cref="OperationLimits.DefaultListSize"/>, except a connection's list
/// (<see cref="OperationLimits.ConnectionListFields"/>), which counts its connection's size.
/// </summary>
internal sealed class ListSizes
{
    private readonly IReadOnlyDictionary<string, object?>? _variables;
    private readonly Dictionary<string, ValueNode?> _variableDefaults = new(StringComparer.Ordinal);
    private readonly OperationLimits _limits;

    public ListSizes(IEnumerable<OperationDefinitionNode> operations, IReadOnlyDictionary<string, object?>? variables, OperationLimits limits)
    {
        _variables = variables;
        _limits = limits;
        // Several operations only when the choice is ambiguous, which execution refuses anyway.
        foreach (var operation in operations)
        {
            foreach (var definition in operation.VariableDefinitions) _variableDefaults.TryAdd(definition.Variable.Name.Value, definition.DefaultValue);
        }
    }

    /// <summary>
    /// What a field's selection is multiplied by, and the page size it gives the connection lists
    /// directly in its selection.
    /// </summary>
    public FieldSize Of(FieldNode field, GraphQLField? definition)
    {
        if (definition is null) return new FieldSize(1, SizedByConnection: false, _limits.DefaultListSize);
        var size = SizeOf(field, definition);
        var type = definition.Type is GraphQLNonNullType nonNull ? nonNull.OfType : definition.Type;
        // A field that is no list (a connection) passes its size on to its edges and nodes.
        if (type is not GraphQLListType list) return new FieldSize(1, SizedByConnection: false, size ?? _limits.DefaultListSize);

        // Each inner list of a list of lists multiplies again, by the default size.
        long inner = 1;
        for (var current = list.OfType; ; )
        {
            if (current is GraphQLNonNullType innerNonNull) current = innerNonNull.OfType;
            if (current is not GraphQLListType innerList) break;
            inner = OperationLimitsAnalyzer.SaturatingMultiply(inner, _limits.DefaultListSize);
            current = innerList.OfType;
        }
        if (size is null && _limits.ConnectionListFields.Contains(field.Name.Value))
            return new FieldSize(inner, SizedByConnection: true, _limits.DefaultListSize);
        return new FieldSize(OperationLimitsAnalyzer.SaturatingMultiply(size ?? _limits.DefaultListSize, inner), SizedByConnection: false, _limits.DefaultListSize);
    }

    /// <summary>The largest known value of the field's list-size arguments, written or defaulted; null when none is known.</summary>
    private long? SizeOf(FieldNode field, GraphQLField definition)
    {
        long? size = null;
        foreach (var argument in definition.Arguments)
        {
            if (!_limits.ListSizeArguments.Contains(argument.Name)) continue;
            var written = Written(field, argument.Name);
            var value = written is null ? DefaultOf(argument) : ValueOf(written, argument);
            if (value is not null && (size is null || value > size)) size = value;
        }
        return size;
    }

    private static ValueNode? Written(FieldNode field, string name)
    {
        foreach (var argument in field.Arguments)
        {
            if (argument.Name.Value == name) return argument.Value;
        }
        return null;
    }

    // As CoerceArgumentValues (spec 6.4.1): a variable the request does not give takes its own
    // default, else the argument's.
    private long? ValueOf(ValueNode value, GraphQLArgument argument) => value switch
    {
        IntValueNode literal => FromLiteral(literal.Value),
        VariableNode variable when _variables is not null && _variables.TryGetValue(variable.Name.Value, out var provided) => FromRuntime(provided),
        VariableNode variable when _variableDefaults.TryGetValue(variable.Name.Value, out var defaultValue) && defaultValue is not null =>
            defaultValue is IntValueNode literal ? FromLiteral(literal.Value) : null,
        VariableNode => DefaultOf(argument),
        _ => null,
    };

    // A default written in SDL is read as written, without coercing it; a code-first one is a CLR value.
    private static long? DefaultOf(GraphQLArgument argument) =>
        argument.DefaultLiteral is { } literal ? (literal is IntValueNode integer ? FromLiteral(integer.Value) : null)
        : argument.HasDefaultValue ? FromRuntime(argument.DefaultValue)
        : null;

    // An integer literal too large for a long is still a (huge) size.
    private static long? FromLiteral(string text) =>
        long.TryParse(text, out var parsed) ? NotNegative(parsed) : text.StartsWith('-') ? null : long.MaxValue;

    private static long? FromRuntime(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } json => json.TryGetInt64(out var l) ? NotNegative(l) : json.TryGetDouble(out var d) ? FromDouble(d) : null,
        int i => NotNegative(i),
        long l => NotNegative(l),
        short s => NotNegative(s),
        sbyte b => NotNegative(b),
        byte b => b,
        ushort s => s,
        uint u => u,
        ulong u => u > long.MaxValue ? long.MaxValue : (long)u,
        double d => FromDouble(d),
        float f => FromDouble(f),
        decimal m => m < 0 ? null : m >= long.MaxValue ? long.MaxValue : (long)decimal.Ceiling(m),
        BigInteger big => big.Sign < 0 ? null : big > long.MaxValue ? long.MaxValue : (long)big,
        _ => null,
    };

    private static long? FromDouble(double value) =>
        double.IsNaN(value) || value < 0 ? null : value >= long.MaxValue ? long.MaxValue : (long)Math.Ceiling(value);

    private static long? NotNegative(long value) => value < 0 ? null : value;
}

/// <param name="Multiplier">What the field's selection costs are multiplied by: 1 for a field that is no list; for a list, its size times <see cref="OperationLimits.DefaultListSize"/> for each inner list (of a list of lists), without the outer size when <paramref name="SizedByConnection"/>.</param>
/// <param name="SizedByConnection">A connection's list without a size of its own: multiplied again by the page size of the field whose selection it is in.</param>
/// <param name="PageSize">The size of the connection lists directly in this field's selection.</param>
internal readonly record struct FieldSize(long Multiplier, bool SizedByConnection, long PageSize);
