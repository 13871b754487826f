using System.Globalization;
using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Utilities;

/// <summary>
/// Input coercion of literals (spec 3.5–3.12 "Input Coercion" for values written in a document;
/// graphql-js 17 coerceInputLiteral, formerly valueFromAST): a value node, with the operation's
/// coerced variable values, to the internal value. Invalid literals yield no value; validation
/// (ValuesOfCorrectType) reports why, before execution ever gets here.
/// </summary>
public static class ValueFromAst
{
    /// <summary>Coerces <paramref name="literal"/> to <paramref name="type"/>; false when the literal is invalid for it.</summary>
    public static bool TryCoerce(ValueNode literal, GraphQLType type, IReadOnlyDictionary<string, object?>? variables, out object? value)
    {
        value = Coerce(literal, type, variables);
        if (ReferenceEquals(value, Undefined))
        {
            value = null;
            return false;
        }
        return true;
    }

    /// <summary>Coerces a literal, throwing when it is invalid; for default values, which are known valid once the schema is.</summary>
    public static object? Coerce(ValueNode literal, GraphQLType type) =>
        TryCoerce(literal, type, null, out var value)
            ? value
            : throw new GraphQLError($"Expected value of type \"{type}\", found: {Printer.Print(literal)}.");

    /// <summary>Marks "no value", which is not null (spec: a variable or field that was not provided).</summary>
    private static readonly object Undefined = new();

    private static object? Coerce(ValueNode literal, GraphQLType type, IReadOnlyDictionary<string, object?>? variables)
    {
        if (literal is VariableNode variable)
        {
            // The variable's value was coerced to its declared type when the operation started;
            // validation guarantees the usage is allowed, so it is not checked again here.
            if (variables is null || !variables.TryGetValue(variable.Name.Value, out var variableValue)) return Undefined;
            if (variableValue is null && type is GraphQLNonNullType) return Undefined;
            return variableValue;
        }

        if (type is GraphQLNonNullType nonNull)
        {
            if (literal is NullValueNode) return Undefined;
            return Coerce(literal, nonNull.OfType, variables);
        }

        if (literal is NullValueNode) return null;

        switch (type)
        {
            case GraphQLListType list:
            {
                if (literal is not ListValueNode listLiteral)
                {
                    // A single value where a list is expected is a list of one (spec 3.11).
                    var item = Coerce(literal, list.OfType, variables);
                    return ReferenceEquals(item, Undefined) ? Undefined : new[] { item };
                }
                var items = new object?[listLiteral.Values.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    var itemNode = listLiteral.Values[i];
                    var item = Coerce(itemNode, list.OfType, variables);
                    if (ReferenceEquals(item, Undefined))
                    {
                        // A missing variable inside a list is null, unless the items are non-null.
                        if (itemNode is VariableNode && list.OfType is not GraphQLNonNullType) item = null;
                        else return Undefined;
                    }
                    items[i] = item;
                }
                return items;
            }

            case GraphQLInputObjectType input:
            {
                if (literal is not ObjectValueNode objectLiteral) return Undefined;
                var fieldNodes = new Dictionary<string, ObjectFieldNode>(objectLiteral.Fields.Count);
                foreach (var fieldNode in objectLiteral.Fields)
                {
                    if (input.GetField(fieldNode.Name.Value) is null) return Undefined;
                    fieldNodes[fieldNode.Name.Value] = fieldNode;
                }
                var coerced = new Dictionary<string, object?>();
                foreach (var field in input.GetFields())
                {
                    if (!fieldNodes.TryGetValue(field.Name, out var fieldNode)
                        || (fieldNode.Value is VariableNode v && (variables is null || !variables.ContainsKey(v.Name.Value))))
                    {
                        if (field.IsRequired) return Undefined;
                        if (field.HasDefaultValue) coerced[field.Name] = field.DefaultValue;
                        continue;
                    }
                    var fieldValue = Coerce(fieldNode.Value, field.Type, variables);
                    if (ReferenceEquals(fieldValue, Undefined)) return Undefined;
                    coerced[field.Name] = fieldValue;
                }
                if (input.IsOneOf && (coerced.Count != 1 || coerced.Values.First() is null)) return Undefined;
                return input.ParseValue is null ? coerced : input.ParseValue(coerced);
            }

            case GraphQLLeafType leaf:
                try
                {
                    var withoutVariables = variables is null ? literal : ReplaceVariables(literal, variables);
                    return leaf.CoerceInputLiteral(withoutVariables);
                }
                catch (GraphQLError)
                {
                    return Undefined;
                }
                catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException or ArgumentException)
                {
                    return Undefined;
                }
        }
        return Undefined;
    }

    /// <summary>
    /// A literal read without a type (graphql-js valueFromASTUntyped): ints as int (long, then
    /// double when larger), floats as double, strings, booleans, enum values as their names,
    /// lists as arrays, objects as dictionaries; variables read from <paramref name="variables"/>.
    /// </summary>
    public static object? Untyped(ValueNode literal, IReadOnlyDictionary<string, object?>? variables) => literal switch
    {
        NullValueNode => null,
        // Boxed one by one: as one conditional expression the three would all widen to double.
        IntValueNode i => int.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? (object)n
            : long.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? (object)l
            : double.Parse(i.Value, NumberStyles.Float, CultureInfo.InvariantCulture),
        FloatValueNode f => double.Parse(f.Value, NumberStyles.Float, CultureInfo.InvariantCulture),
        StringValueNode s => s.Value,
        BooleanValueNode b => b.Value,
        EnumValueNode e => e.Value,
        ListValueNode list => list.Values.Select(v => Untyped(v, variables)).ToArray(),
        ObjectValueNode obj => UntypedObject(obj, variables),
        VariableNode v => variables?.GetValueOrDefault(v.Name.Value),
        _ => throw new ArgumentException($"Unexpected value node: {literal.Kind}.", nameof(literal)),
    };

    /// <summary>
    /// An object literal's fields in order; a repeated field keeps its last value, as graphql-js's
    /// keyValMap does (UniqueInputFieldNamesRule reports the repetition, not this).
    /// </summary>
    private static Dictionary<string, object?> UntypedObject(ObjectValueNode obj, IReadOnlyDictionary<string, object?>? variables)
    {
        var fields = new Dictionary<string, object?>(obj.Fields.Count);
        foreach (var field in obj.Fields) fields[field.Name.Value] = Untyped(field.Value, variables);
        return fields;
    }

    /// <summary>The literal with each variable replaced by a literal of its value (graphql-js replaceVariables), for leaf types that read literals.</summary>
    private static ValueNode ReplaceVariables(ValueNode literal, IReadOnlyDictionary<string, object?> variables) => literal switch
    {
        VariableNode v => variables.TryGetValue(v.Name.Value, out var value) ? AstFromValue.Untyped(value) : new NullValueNode(),
        ListValueNode list => new ListValueNode(list.Values.Select(item => ReplaceVariables(item, variables)).ToArray(), list.Location),
        ObjectValueNode obj => new ObjectValueNode(
            obj.Fields.Select(f => new ObjectFieldNode(f.Name, ReplaceVariables(f.Value, variables), f.Location)).ToArray(), obj.Location),
        _ => literal,
    };
}
