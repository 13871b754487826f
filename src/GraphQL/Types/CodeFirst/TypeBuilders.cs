using Es.GraphQL.Language;

namespace Es.GraphQL.Types;

/// <summary>What every named type builder does when the schema is built: create the type, then fill it in.</summary>
internal interface INamedTypeBuilder
{
    string Name { get; }

    /// <summary>Creates the type object; members are filled in by <see cref="Complete"/> once every type exists.</summary>
    GraphQLNamedType Create();

    void Complete(SchemaBuildContext context);
}

/// <summary>Resolves type references by name while a <see cref="SchemaBuilder"/> builds, collecting every error.</summary>
internal sealed class SchemaBuildContext(Func<string, GraphQLNamedType?> lookup)
{
    public List<GraphQLError> Errors { get; } = [];

    public GraphQLType ResolveType(TypeSource source, string usedBy)
    {
        if (source.Type is not null) return source.Type;
        try
        {
            return TypeReference.Resolve(source.Reference!, lookup, usedBy);
        }
        catch (GraphQLError error)
        {
            Errors.Add(error);
            return Scalars.String;
        }
    }

    public GraphQLNamedType? Lookup(string name, string usedBy)
    {
        var type = lookup(name);
        if (type is null) Errors.Add(new GraphQLError($"Unknown type \"{name}\" referenced by {usedBy}."));
        return type;
    }
}

/// <summary>
/// Declares an object type whose values are <typeparamref name="TSource"/>s. Declaring the same
/// type again adds to it, so each module of an application can add its own root fields.
/// </summary>
public sealed class ObjectTypeBuilder<TSource> : INamedTypeBuilder
{
    private readonly List<FieldBuilder<TSource>> _fields = [];
    private readonly List<string> _interfaces = [];
    private string? _description;
    private Func<object, bool>? _isTypeOf;
    private GraphQLObjectType? _type;
    private GraphQLField[] _built = [];
    private GraphQLNamedType[] _builtInterfaces = [];

    internal ObjectTypeBuilder(string name) => Name = name;

    public string Name { get; }

    public ObjectTypeBuilder<TSource> Description(string description)
    {
        _description = description;
        return this;
    }

    public ObjectTypeBuilder<TSource> Implements(params string[] interfaces)
    {
        _interfaces.AddRange(interfaces);
        return this;
    }

    /// <summary>How to recognise this type's values behind an interface or union; by default, being a <typeparamref name="TSource"/>.</summary>
    public ObjectTypeBuilder<TSource> IsTypeOf(Func<object, bool> isTypeOf)
    {
        _isTypeOf = isTypeOf;
        return this;
    }

    /// <summary>A field read from the parent value, e.g. <c>Field("title", "String!", post =&gt; post.Title)</c>.</summary>
    public ObjectTypeBuilder<TSource> Field(string name, string type, Func<TSource, object?> resolve, string? description = null, string? deprecationReason = null)
    {
        var field = new FieldBuilder<TSource>(name, new TypeSource(type)).ResolveFromSource(resolve);
        if (description is not null) field.Description(description);
        if (deprecationReason is not null) field.Deprecated(deprecationReason);
        _fields.Add(field);
        return this;
    }

    /// <summary>A field declared in full: arguments, description, deprecation, resolver.</summary>
    public ObjectTypeBuilder<TSource> Field(string name, string type, Action<FieldBuilder<TSource>> configure)
    {
        var field = new FieldBuilder<TSource>(name, new TypeSource(type));
        configure(field);
        _fields.Add(field);
        return this;
    }

    /// <summary>A field read by the default resolver (the property or dictionary entry of the same name).</summary>
    public ObjectTypeBuilder<TSource> Field(string name, string type, string? description = null, string? deprecationReason = null)
    {
        var field = new FieldBuilder<TSource>(name, new TypeSource(type));
        if (description is not null) field.Description(description);
        if (deprecationReason is not null) field.Deprecated(deprecationReason);
        _fields.Add(field);
        return this;
    }

    public ObjectTypeBuilder<TSource> Field(string name, GraphQLType type, Action<FieldBuilder<TSource>>? configure = null)
    {
        var field = new FieldBuilder<TSource>(name, new TypeSource(type));
        configure?.Invoke(field);
        _fields.Add(field);
        return this;
    }

    GraphQLNamedType INamedTypeBuilder.Create()
    {
        var isTypeOf = _isTypeOf ?? (typeof(TSource) == typeof(object) ? null : static value => value is TSource);
        return _type = new GraphQLObjectType(Name)
        {
            Description = _description,
            IsTypeOf = isTypeOf,
            Fields = () => _built,
            Interfaces = () => _builtInterfaces,
        };
    }

    void INamedTypeBuilder.Complete(SchemaBuildContext context)
    {
        _built = _fields.Select(f => f.Build(context.ResolveType, Name)).ToArray();
        _builtInterfaces = _interfaces.Select(i => context.Lookup(i, Name)).OfType<GraphQLNamedType>().ToArray();
    }
}

/// <summary>Declares an interface type; interfaces may implement interfaces.</summary>
public sealed class InterfaceTypeBuilder : INamedTypeBuilder
{
    private readonly List<FieldBuilder<object>> _fields = [];
    private readonly List<string> _interfaces = [];
    private string? _description;
    private TypeResolver? _resolveType;
    private GraphQLField[] _built = [];
    private GraphQLNamedType[] _builtInterfaces = [];

    internal InterfaceTypeBuilder(string name) => Name = name;

    public string Name { get; }

    public InterfaceTypeBuilder Description(string description)
    {
        _description = description;
        return this;
    }

    public InterfaceTypeBuilder Implements(params string[] interfaces)
    {
        _interfaces.AddRange(interfaces);
        return this;
    }

    public InterfaceTypeBuilder Field(string name, string type, string? description = null, string? deprecationReason = null)
    {
        var field = new FieldBuilder<object>(name, new TypeSource(type));
        if (description is not null) field.Description(description);
        if (deprecationReason is not null) field.Deprecated(deprecationReason);
        _fields.Add(field);
        return this;
    }

    public InterfaceTypeBuilder Field(string name, string type, Action<FieldBuilder<object>> configure)
    {
        var field = new FieldBuilder<object>(name, new TypeSource(type));
        configure(field);
        _fields.Add(field);
        return this;
    }

    /// <summary>Names the object type of a value; without it each possible type's IsTypeOf decides.</summary>
    public InterfaceTypeBuilder ResolveType(Func<object, string?> resolveType)
    {
        _resolveType = (value, _, _) => new ValueTask<string?>(resolveType(value));
        return this;
    }

    GraphQLNamedType INamedTypeBuilder.Create() => new GraphQLInterfaceType(Name)
    {
        Description = _description,
        ResolveType = _resolveType,
        Fields = () => _built,
        Interfaces = () => _builtInterfaces,
    };

    void INamedTypeBuilder.Complete(SchemaBuildContext context)
    {
        _built = _fields.Select(f => f.Build(context.ResolveType, Name)).ToArray();
        _builtInterfaces = _interfaces.Select(i => context.Lookup(i, Name)).OfType<GraphQLNamedType>().ToArray();
    }
}

/// <summary>Declares a union of object types.</summary>
public sealed class UnionTypeBuilder : INamedTypeBuilder
{
    private readonly List<string> _members = [];
    private string? _description;
    private TypeResolver? _resolveType;
    private GraphQLNamedType[] _built = [];

    internal UnionTypeBuilder(string name) => Name = name;

    public string Name { get; }

    public UnionTypeBuilder Description(string description)
    {
        _description = description;
        return this;
    }

    public UnionTypeBuilder Members(params string[] members)
    {
        _members.AddRange(members);
        return this;
    }

    public UnionTypeBuilder ResolveType(Func<object, string?> resolveType)
    {
        _resolveType = (value, _, _) => new ValueTask<string?>(resolveType(value));
        return this;
    }

    GraphQLNamedType INamedTypeBuilder.Create() => new GraphQLUnionType(Name)
    {
        Description = _description,
        ResolveType = _resolveType,
        Types = () => _built,
    };

    void INamedTypeBuilder.Complete(SchemaBuildContext context) =>
        _built = _members.Select(m => context.Lookup(m, Name)).OfType<GraphQLNamedType>().ToArray();
}

/// <summary>Declares an enum type; each value maps to a CLR value (by default its name).</summary>
public sealed class EnumTypeBuilder : INamedTypeBuilder
{
    private readonly List<GraphQLEnumValue> _values = [];
    private string? _description;

    internal EnumTypeBuilder(string name) => Name = name;

    public string Name { get; }

    public EnumTypeBuilder Description(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>A value whose internal value is its name.</summary>
    public EnumTypeBuilder Value(string name, string? description = null, string? deprecationReason = null)
    {
        _values.Add(new GraphQLEnumValue(name) { Description = description, DeprecationReason = deprecationReason });
        return this;
    }

    /// <summary>A value mapped to a CLR value, e.g. <c>Value("PUBLISHED", PostStatus.Published)</c>.</summary>
    public EnumTypeBuilder Value(string name, object? value, string? description = null, string? deprecationReason = null)
    {
        _values.Add(new GraphQLEnumValue(name) { Value = value, Description = description, DeprecationReason = deprecationReason });
        return this;
    }

    /// <summary>Describes or deprecates a value already declared (those <see cref="SchemaBuilder.Enum{TEnum}"/> derives from the CLR enum).</summary>
    public EnumTypeBuilder Configure(string name, string? description = null, string? deprecationReason = null)
    {
        var index = _values.FindIndex(v => v.Name == name);
        if (index < 0) throw new ArgumentException($"Enum {Name} has no value \"{name}\".", nameof(name));
        var old = _values[index];
        _values[index] = new GraphQLEnumValue(name)
        {
            Value = old.Value,
            Description = description ?? old.Description,
            DeprecationReason = deprecationReason ?? old.DeprecationReason,
        };
        return this;
    }

    GraphQLNamedType INamedTypeBuilder.Create() => new GraphQLEnumType(Name, _values) { Description = _description };

    void INamedTypeBuilder.Complete(SchemaBuildContext context) { }
}

/// <summary>Declares an input object type, optionally mapped to a CLR value.</summary>
public sealed class InputObjectTypeBuilder : INamedTypeBuilder
{
    private readonly List<ArgumentDeclaration> _fields = [];
    private string? _description;
    private bool _isOneOf;
    private Func<IReadOnlyDictionary<string, object?>, object?>? _parseValue;
    private GraphQLInputField[] _built = [];

    internal InputObjectTypeBuilder(string name) => Name = name;

    public string Name { get; }

    public InputObjectTypeBuilder Description(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Marks the type <c>@oneOf</c>: exactly one field must be given (spec 3.10.1).</summary>
    public InputObjectTypeBuilder OneOf()
    {
        _isOneOf = true;
        return this;
    }

    public InputObjectTypeBuilder Field(string name, string type, string? description = null, string? deprecationReason = null)
    {
        _fields.Add(new ArgumentDeclaration(name, new TypeSource(type), description, deprecationReason, false, null));
        return this;
    }

    /// <summary>A field with a default (an internal value). Pass it by name: <c>Field("body", "String", defaultValue: "")</c>.</summary>
    public InputObjectTypeBuilder Field<TDefault>(string name, string type, TDefault defaultValue, string? description = null, string? deprecationReason = null)
    {
        _fields.Add(new ArgumentDeclaration(name, new TypeSource(type), description, deprecationReason, true, defaultValue));
        return this;
    }

    /// <summary>Maps the coerced fields to the value resolvers receive, e.g. <c>ToValue(v =&gt; new NewPost(v.Get&lt;string&gt;("title")))</c>.</summary>
    public InputObjectTypeBuilder ToValue<T>(Func<ArgumentValues, T> create)
    {
        _parseValue = fields => create(new ArgumentValues(fields));
        return this;
    }

    GraphQLNamedType INamedTypeBuilder.Create() => new GraphQLInputObjectType(Name)
    {
        Description = _description,
        IsOneOf = _isOneOf,
        ParseValue = _parseValue,
        Fields = () => _built,
    };

    void INamedTypeBuilder.Complete(SchemaBuildContext context) =>
        _built = _fields.Select(f => f.BuildInputField(context.ResolveType, $"{Name}.{f.Name}")).ToArray();
}

/// <summary>Adds a type object built by hand (a custom scalar, say).</summary>
internal sealed class ExistingTypeBuilder(GraphQLNamedType type) : INamedTypeBuilder
{
    public string Name => type.Name;

    public GraphQLNamedType Create() => type;

    public void Complete(SchemaBuildContext context) { }
}

/// <summary>Declares a custom directive.</summary>
public sealed class DirectiveBuilder
{
    private readonly List<ArgumentDeclaration> _arguments = [];
    private readonly List<DirectiveLocation> _locations = [];
    private string? _description;
    private string? _deprecationReason;
    private bool _repeatable;

    internal DirectiveBuilder(string name) => Name = name;

    /// <summary>Marks the directive definition <c>@deprecated</c>.</summary>
    public DirectiveBuilder Deprecated(string reason = Directives.DefaultDeprecationReason)
    {
        _deprecationReason = reason;
        return this;
    }

    public string Name { get; }

    public DirectiveBuilder Description(string description)
    {
        _description = description;
        return this;
    }

    public DirectiveBuilder Locations(params DirectiveLocation[] locations)
    {
        _locations.AddRange(locations);
        return this;
    }

    public DirectiveBuilder Repeatable()
    {
        _repeatable = true;
        return this;
    }

    public DirectiveBuilder Argument(string name, string type, string? description = null, string? deprecationReason = null)
    {
        _arguments.Add(new ArgumentDeclaration(name, new TypeSource(type), description, deprecationReason, false, null));
        return this;
    }

    public DirectiveBuilder Argument<TDefault>(string name, string type, TDefault defaultValue, string? description = null, string? deprecationReason = null)
    {
        _arguments.Add(new ArgumentDeclaration(name, new TypeSource(type), description, deprecationReason, true, defaultValue));
        return this;
    }

    internal GraphQLDirective Build(SchemaBuildContext context) =>
        new(Name, _locations, _arguments.Select(a => a.Build(context.ResolveType, $"@{Name}({a.Name}:)")))
        {
            Description = _description,
            DeprecationReason = _deprecationReason,
            IsRepeatable = _repeatable,
        };
}
