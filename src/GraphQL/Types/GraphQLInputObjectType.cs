namespace Es.GraphQL.Types;

/// <summary>
/// An input object type (spec 3.10): a named set of input fields. With <see cref="IsOneOf"/>
/// exactly one field must be given, and it must not be null (spec 3.10.1 OneOf Input Objects).
/// </summary>
public sealed class GraphQLInputObjectType(string name) : GraphQLNamedType(name)
{
    private GraphQLInputField[]? _fields;
    private Dictionary<string, GraphQLInputField>? _fieldsByName;

    public override TypeKind Kind => TypeKind.InputObject;

    /// <summary>The fields in declaration order, given as a function so input types can reference each other.</summary>
    public Func<IEnumerable<GraphQLInputField>> Fields { get; init; } = static () => [];

    /// <summary>Whether the type carries <c>@oneOf</c>.</summary>
    public bool IsOneOf { get; init; }

    /// <summary>
    /// Maps the coerced field values to the CLR value resolvers receive (a record, say);
    /// without it they receive the dictionary of field values.
    /// </summary>
    public Func<IReadOnlyDictionary<string, object?>, object?>? ParseValue { get; init; }

    public IReadOnlyList<GraphQLInputField> GetFields()
    {
        if (_fields is null) Complete();
        return _fields!;
    }

    public GraphQLInputField? GetField(string name)
    {
        if (_fieldsByName is null) Complete();
        return _fieldsByName!.GetValueOrDefault(name);
    }

    internal override void Complete()
    {
        if (_fields is not null) return;
        var fields = Fields().ToArray();
        var byName = new Dictionary<string, GraphQLInputField>(fields.Length);
        foreach (var field in fields)
        {
            if (!byName.TryAdd(field.Name, field))
                throw new GraphQLError($"{Name} fields must have unique names: \"{field.Name}\" is defined more than once.");
            field.ParentType = this;
        }
        _fieldsByName = byName;
        _fields = fields;
    }
}
