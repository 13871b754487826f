namespace Es.GraphQL.Types;

/// <summary>
/// Builds a schema in C# that reads like its SDL:
/// <code>
/// var schema = new SchemaBuilder()
///     .Object&lt;Post&gt;("Post", post =&gt; post
///         .Field("id", "ID!", p =&gt; p.Id)
///         .Field("author", "Member!", f =&gt; f.ResolveAsync((p, ctx) =&gt; ctx.Service&lt;Members&gt;().Find(p.AuthorId, ctx.CancellationToken))))
///     .Query(query =&gt; query
///         .Field("post", "Post", f =&gt; f
///             .Argument("id", "ID!")
///             .ResolveAsync((_, ctx) =&gt; ctx.Service&lt;Posts&gt;().Find(ctx.Arguments.Get&lt;string&gt;("id"), ctx.CancellationToken))))
///     .Build();
/// </code>
/// Types are referenced by SDL type references (<c>"[Post!]!"</c>) and resolved when
/// <see cref="Build"/> runs, so declaration order does not matter for references; it is the
/// order types are printed and introspected in. Declaring a type twice adds to it.
/// </summary>
public sealed class SchemaBuilder
{
    private readonly List<INamedTypeBuilder> _types = [];
    private readonly Dictionary<string, INamedTypeBuilder> _typesByName = [];
    private readonly List<DirectiveBuilder> _directives = [];
    private string? _queryName;
    private string? _mutationName;
    private string? _subscriptionName;
    private string? _description;
    private bool _introspection = true;

    public SchemaBuilder Description(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Turns introspection off: queries selecting <c>__schema</c> or <c>__type</c> fail validation.</summary>
    public SchemaBuilder DisableIntrospection()
    {
        _introspection = false;
        return this;
    }

    /// <summary>The query root type (spec 3.3.1), an object type whose parent value is the root value.</summary>
    public SchemaBuilder Query(Action<ObjectTypeBuilder<object>> configure) => Query("Query", configure);

    public SchemaBuilder Query(string name, Action<ObjectTypeBuilder<object>> configure)
    {
        _queryName = name;
        return Object(name, configure);
    }

    public SchemaBuilder Mutation(Action<ObjectTypeBuilder<object>> configure) => Mutation("Mutation", configure);

    public SchemaBuilder Mutation(string name, Action<ObjectTypeBuilder<object>> configure)
    {
        _mutationName = name;
        return Object(name, configure);
    }

    public SchemaBuilder Subscription(Action<ObjectTypeBuilder<object>> configure) => Subscription("Subscription", configure);

    public SchemaBuilder Subscription(string name, Action<ObjectTypeBuilder<object>> configure)
    {
        _subscriptionName = name;
        return Object(name, configure);
    }

    /// <summary>An object type whose values are <typeparamref name="TSource"/>s.</summary>
    public SchemaBuilder Object<TSource>(string name, Action<ObjectTypeBuilder<TSource>> configure)
    {
        configure(Declare(name, () => new ObjectTypeBuilder<TSource>(name)));
        return this;
    }

    public SchemaBuilder Object(string name, Action<ObjectTypeBuilder<object>> configure) => Object<object>(name, configure);

    public SchemaBuilder Interface(string name, Action<InterfaceTypeBuilder> configure)
    {
        configure(Declare(name, () => new InterfaceTypeBuilder(name)));
        return this;
    }

    public SchemaBuilder Union(string name, params string[] members) => Union(name, u => u.Members(members));

    public SchemaBuilder Union(string name, Action<UnionTypeBuilder> configure)
    {
        configure(Declare(name, () => new UnionTypeBuilder(name)));
        return this;
    }

    public SchemaBuilder Enum(string name, Action<EnumTypeBuilder> configure)
    {
        configure(Declare(name, () => new EnumTypeBuilder(name)));
        return this;
    }

    /// <summary>An enum over a CLR enum: <c>PendingReview</c> becomes the value <c>PENDING_REVIEW</c>, mapped to the CLR value.</summary>
    public SchemaBuilder Enum<TEnum>(string? name = null, Action<EnumTypeBuilder>? configure = null) where TEnum : struct, System.Enum
    {
        name ??= typeof(TEnum).Name;
        var isNew = !_typesByName.ContainsKey(name);
        var builder = Declare(name, () => new EnumTypeBuilder(name));
        if (isNew)
        {
            foreach (var value in System.Enum.GetValues<TEnum>()) builder.Value(GraphQLEnumType.ConstantCase(value.ToString()), value);
        }
        configure?.Invoke(builder);
        return this;
    }

    public SchemaBuilder InputObject(string name, Action<InputObjectTypeBuilder> configure)
    {
        configure(Declare(name, () => new InputObjectTypeBuilder(name)));
        return this;
    }

    /// <summary>Adds a type made by hand, e.g. a custom scalar. DateTime, Decimal, UUID and JSON need not be added: referencing them is enough.</summary>
    public SchemaBuilder Type(GraphQLNamedType type)
    {
        Declare<INamedTypeBuilder>(type.Name, () => new ExistingTypeBuilder(type));
        return this;
    }

    public SchemaBuilder Directive(string name, Action<DirectiveBuilder> configure)
    {
        var directive = new DirectiveBuilder(name);
        configure(directive);
        _directives.Add(directive);
        return this;
    }

    private T Declare<T>(string name, Func<T> create) where T : INamedTypeBuilder
    {
        if (_typesByName.TryGetValue(name, out var existing))
        {
            return existing is T same
                ? same
                : throw new InvalidOperationException($"Type \"{name}\" is already declared as another kind of type ({existing.GetType().Name}).");
        }
        var builder = create();
        _typesByName[name] = builder;
        _types.Add(builder);
        return builder;
    }

    /// <summary>Builds and validates the schema; throws <see cref="InvalidSchemaException"/> with every error found.</summary>
    public GraphQLSchema Build()
    {
        var created = new Dictionary<string, GraphQLNamedType>();
        var ordered = new List<GraphQLNamedType>();
        foreach (var builder in _types)
        {
            var type = builder.Create();
            created[type.Name] = type;
            ordered.Add(type);
        }

        GraphQLNamedType? Lookup(string name)
        {
            if (created.TryGetValue(name, out var type)) return type;
            type = Scalars.Specified.FirstOrDefault(s => s.Name == name)
                ?? CustomScalars.All.FirstOrDefault(s => s.Name == name);
            if (type is not null) created[name] = type;
            return type;
        }

        var context = new SchemaBuildContext(Lookup);
        foreach (var builder in _types) builder.Complete(context);
        // Custom directives first, then the specified ones not redefined: the order graphql-js's
        // buildSchema gives, so introspection lists them as it would for the same SDL.
        var directives = _directives.Select(d => d.Build(context)).ToList();
        directives.AddRange(Directives.Specified.Where(s => directives.All(d => d.Name != s.Name)));

        if (_queryName is null) context.Errors.Add(new GraphQLError("Query root type must be provided."));
        if (context.Errors.Count > 0) throw new InvalidSchemaException(context.Errors);

        return new GraphQLSchema(
            query: created[_queryName!],
            mutation: _mutationName is null ? null : created[_mutationName],
            subscription: _subscriptionName is null ? null : created[_subscriptionName],
            types: ordered,
            directives: directives,
            description: _description,
            introspection: _introspection);
    }
}
