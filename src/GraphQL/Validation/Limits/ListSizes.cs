using System.Numerics;
using System.Text.Json;
using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation;

/// <summary>
/// How many items a list field is taken to return, for <see cref="OperationLimitsAnalyzer"/>: the
/// integer value of a list-size argument (<c>first: 20</c>, or <c>first: $n</c> with the request's
/// value of <c>$n</c>, else its default), else <see cref="OperationLimits.DefaultListSize"/>.
/// A value that cannot be known before coercion (null, negative, not an integer) counts as the
/// default size: coercion or the resolver will refuse it, or treat it as no limit at all.
/// </summary>
internal sealed class ListSizes
{
    private readonly IReadOnlyDictionary<string, object?>? _variables;
    private readonly Dictionary<string, ValueNode> _variableDefaults = new(StringComparer.Ordinal);
    private readonly OperationLimits _limits;

    public ListSizes(IEnumerable<OperationDefinitionNode> operations, IReadOnlyDictionary<string, object?>? variables, OperationLimits limits)
    {
        _variables = variables;
        _limits = limits;
        // Several operations only when the choice is ambiguous, which execution refuses anyway.
        foreach (var operation in operations)
        {
            foreach (var definition in operation.VariableDefinitions)
            {
                if (definition.DefaultValue is { } value) _variableDefaults.TryAdd(definition.Variable.Name.Value, value);
            }
        }
    }

    /// <summary>What a field's selection is multiplied by: 1 unless its type is a list; each list of a list of lists multiplies again, by the default size.</summary>
    public long Multiplier(FieldNode field, GraphQLType type)
    {
        long multiplier = 1;
        bool outermost = true;
        var current = type;
        while (true)
        {
            if (current is GraphQLNonNullType nonNull) current = nonNull.OfType;
            if (current is not GraphQLListType list) return multiplier;
            multiplier = OperationLimitsAnalyzer.SaturatingMultiply(multiplier, outermost ? SizeOf(field) : _limits.DefaultListSize);
            outermost = false;
            current = list.OfType;
        }
    }

    private long SizeOf(FieldNode field)
    {
        long? size = null;
        foreach (var argument in field.Arguments)
        {
            if (!_limits.ListSizeArguments.Contains(argument.Name.Value)) continue;
            if (ValueOf(argument.Value) is { } value && (size is null || value > size)) size = value;
        }
        return size ?? _limits.DefaultListSize;
    }

    private long? ValueOf(ValueNode value) => value switch
    {
        IntValueNode literal => FromLiteral(literal.Value),
        VariableNode variable when _variables is not null && _variables.TryGetValue(variable.Name.Value, out var provided) => FromRuntime(provided),
        VariableNode variable when _variableDefaults.TryGetValue(variable.Name.Value, out var defaultValue) && defaultValue is IntValueNode literal => FromLiteral(literal.Value),
        _ => null,
    };

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
