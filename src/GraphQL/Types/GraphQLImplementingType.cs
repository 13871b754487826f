namespace Es.GraphQL.Types;

/// <summary>
/// Object and interface types (graphql-js <c>GraphQLImplementingType</c>): both have fields and
/// may implement interfaces (spec 3.6, 3.7). Fields and interfaces are given lazily so types can
/// refer to each other in cycles; they are resolved once, when the schema is built.
/// </summary>
public abstract class GraphQLImplementingType : GraphQLNamedType
{
    private GraphQLField[]? _fields;
    private Dictionary<string, GraphQLField>? _fieldsByName;
    private GraphQLInterfaceType[]? _interfaces;
    private GraphQLNamedType[] _declaredInterfaces = [];

    private protected GraphQLImplementingType(string name) : base(name) { }

    /// <summary>The fields, in declaration order; a function so that types can reference each other.</summary>
    public Func<IEnumerable<GraphQLField>> Fields { get; init; } = static () => [];

    /// <summary>
    /// The interfaces this type declares it implements, in declaration order. Typed loosely so a
    /// schema from SDL that names a non-interface reaches validation, which reports it as graphql-js does.
    /// </summary>
    public Func<IEnumerable<GraphQLNamedType>> Interfaces { get; init; } = static () => [];

    public IReadOnlyList<GraphQLField> GetFields()
    {
        if (_fields is null) Complete();
        return _fields!;
    }

    public IReadOnlyList<GraphQLInterfaceType> GetInterfaces()
    {
        if (_interfaces is null) Complete();
        return _interfaces!;
    }

    internal IReadOnlyList<GraphQLNamedType> DeclaredInterfaces
    {
        get
        {
            if (_interfaces is null) Complete();
            return _declaredInterfaces;
        }
    }

    public GraphQLField? GetField(string name)
    {
        if (_fieldsByName is null) Complete();
        return _fieldsByName!.GetValueOrDefault(name);
    }

    internal override void Complete()
    {
        if (_fields is not null) return;
        var fields = Fields().ToArray();
        var byName = new Dictionary<string, GraphQLField>(fields.Length);
        foreach (var field in fields)
        {
            if (!byName.TryAdd(field.Name, field))
                throw new GraphQLError($"{Name} fields must have unique names: \"{field.Name}\" is defined more than once.");
            field.AttachTo(this);
        }
        _fieldsByName = byName;
        _declaredInterfaces = Interfaces().ToArray();
        _interfaces = _declaredInterfaces.OfType<GraphQLInterfaceType>().ToArray();
        _fields = fields;
    }
}

/// <summary>An object type (spec 3.6): a concrete set of fields a value can be resolved to.</summary>
public sealed class GraphQLObjectType(string name) : GraphQLImplementingType(name)
{
    public override TypeKind Kind => TypeKind.Object;

    /// <summary>
    /// Whether a resolved value belongs to this type; used to resolve abstract types when the
    /// interface or union gives no <c>ResolveType</c>. Null means "cannot tell".
    /// </summary>
    public Func<object, bool>? IsTypeOf { get; init; }
}

/// <summary>An interface type (spec 3.7); interfaces may implement other interfaces.</summary>
public sealed class GraphQLInterfaceType(string name) : GraphQLImplementingType(name)
{
    public override TypeKind Kind => TypeKind.Interface;

    /// <summary>Names the object type of a resolved value (spec 6.4.3 ResolveAbstractType); null means use IsTypeOf or the value's CLR type.</summary>
    public TypeResolver? ResolveType { get; init; }
}

/// <summary>A union of object types (spec 3.8).</summary>
public sealed class GraphQLUnionType(string name) : GraphQLNamedType(name)
{
    private GraphQLObjectType[]? _types;

    public override TypeKind Kind => TypeKind.Union;

    /// <summary>The member types, in declaration order (given as a function for cycles).</summary>
    public Func<IEnumerable<GraphQLNamedType>> Types { get; init; } = static () => [];

    public TypeResolver? ResolveType { get; init; }

    /// <summary>
    /// Members that are object types; validation reports any other kind, which is why
    /// <see cref="Types"/> accepts named types in general.
    /// </summary>
    public IReadOnlyList<GraphQLObjectType> GetTypes()
    {
        if (_types is null) Complete();
        return _types!;
    }

    internal IReadOnlyList<GraphQLNamedType> DeclaredTypes { get; private set; } = [];

    internal override void Complete()
    {
        if (_types is not null) return;
        DeclaredTypes = Types().ToArray();
        _types = DeclaredTypes.OfType<GraphQLObjectType>().ToArray();
    }
}

/// <summary>Names the concrete object type of a value of an abstract type; returns the type name.</summary>
public delegate ValueTask<string?> TypeResolver(object value, ResolveFieldContext context, GraphQLNamedType abstractType);
