namespace Es.GraphQL.Types;

/// <summary>
/// Declares one field of an object or interface type: arguments, description, deprecation and
/// resolver. <typeparamref name="TSource"/> is the CLR type of the parent value.
/// </summary>
public sealed class FieldBuilder<TSource>
{
    private readonly List<ArgumentDeclaration> _arguments = [];
    private FieldResolver? _resolver;
    private Func<object?, object?>? _sourceResolver;
    private SubscriptionResolver? _subscribe;
    private string? _description;
    private string? _deprecationReason;

    internal FieldBuilder(string name, TypeSource type)
    {
        Name = name;
        Type = type;
    }

    internal string Name { get; }

    internal TypeSource Type { get; }

    public FieldBuilder<TSource> Description(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Marks the field <c>@deprecated</c>.</summary>
    public FieldBuilder<TSource> Deprecated(string reason = Directives.DefaultDeprecationReason)
    {
        _deprecationReason = reason;
        return this;
    }

    /// <summary>An argument without a default value. Pass a default by name: <c>Argument("first", "Int", defaultValue: 10)</c>.</summary>
    public FieldBuilder<TSource> Argument(string name, string type, string? description = null, string? deprecationReason = null)
    {
        _arguments.Add(new ArgumentDeclaration(name, new TypeSource(type), description, deprecationReason, false, null));
        return this;
    }

    /// <summary>An argument with a default (an internal value: an int for Int, the CLR enum value for an enum...).</summary>
    public FieldBuilder<TSource> Argument<TDefault>(string name, string type, TDefault defaultValue, string? description = null, string? deprecationReason = null)
    {
        _arguments.Add(new ArgumentDeclaration(name, new TypeSource(type), description, deprecationReason, true, defaultValue));
        return this;
    }

    public FieldBuilder<TSource> Argument(string name, GraphQLType type, string? description = null)
    {
        _arguments.Add(new ArgumentDeclaration(name, new TypeSource(type), description, null, false, null));
        return this;
    }

    /// <summary>A synchronous resolver from the parent value and the context.</summary>
    public FieldBuilder<TSource> Resolve(Func<TSource, ResolveFieldContext, object?> resolve)
    {
        _resolver = context => new ValueTask<object?>(Synchronous(resolve(Source(context), context), context));
        return this;
    }

    /// <summary>A resolver that reads the parent value only; the executor calls it without building a context.</summary>
    public FieldBuilder<TSource> ResolveFromSource(Func<TSource, object?> resolve)
    {
        _sourceResolver = source =>
        {
            var value = resolve(source is TSource typed ? typed : (TSource)source!);
            return value is Task or ValueTask
                ? throw new InvalidOperationException($"The resolver of {Name} returned a task; use ResolveAsync for asynchronous resolvers.")
                : value;
        };
        _resolver = null;
        return this;
    }

    /// <summary>An asynchronous resolver. A task that already completed costs no extra allocation.</summary>
    public FieldBuilder<TSource> ResolveAsync<TResult>(Func<TSource, ResolveFieldContext, Task<TResult>> resolve)
    {
        _resolver = context =>
        {
            var task = resolve(Source(context), context);
            return task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : Await(task);
        };
        return this;
    }

    /// <summary>The raw resolver, for the hottest fields: nothing between the executor and it.</summary>
    public FieldBuilder<TSource> Resolve(FieldResolver resolver)
    {
        _resolver = resolver;
        return this;
    }

    /// <summary>For subscription root fields: the source event stream; each event is then resolved through the field's resolver (by default the event itself).</summary>
    public FieldBuilder<TSource> Subscribe<TEvent>(Func<ResolveFieldContext, IAsyncEnumerable<TEvent>> subscribe)
    {
        _subscribe = context => new ValueTask<IAsyncEnumerable<object?>>(Box(subscribe(context), context.CancellationToken));
        _resolver ??= static context => new ValueTask<object?>(context.Source);
        return this;
    }

    private static async IAsyncEnumerable<object?> Box<TEvent>(IAsyncEnumerable<TEvent> events, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in events.WithCancellation(cancellationToken)) yield return item;
    }

    private static async ValueTask<object?> Await<TResult>(Task<TResult> task) => await task.ConfigureAwait(false);

    // Root fields get the root value, which is usually null: a null parent is passed on as is.
    private static TSource Source(ResolveFieldContext context) =>
        context.Source is TSource source ? source
        : context.Source is null && default(TSource) is null ? default!
        : throw new InvalidOperationException($"{context.Field} expected a parent value of type {typeof(TSource).Name} but got {context.Source?.GetType().Name ?? "null"}.");

    private static object? Synchronous(object? value, ResolveFieldContext context) =>
        value is Task or ValueTask
            ? throw new InvalidOperationException($"The resolver of {context.Field} returned a task from Resolve; use ResolveAsync for asynchronous resolvers.")
            : value;

    internal GraphQLField Build(Func<TypeSource, string, GraphQLType> resolveType, string owner)
    {
        var coordinate = $"{owner}.{Name}";
        return new GraphQLField(Name, resolveType(Type, coordinate))
        {
            Description = _description,
            DeprecationReason = _deprecationReason,
            Resolve = _resolver,
            ResolveSource = _sourceResolver,
            Subscribe = _subscribe,
            Arguments = _arguments.Select(a => a.Build(resolveType, $"{coordinate}({a.Name}:)")).ToArray(),
        };
    }
}

/// <summary>A type given either as an SDL reference or as a type object.</summary>
internal readonly record struct TypeSource(string? Reference, GraphQLType? Type)
{
    public TypeSource(string reference) : this(reference, null) { }

    public TypeSource(GraphQLType type) : this(null, type) { }
}

internal sealed record ArgumentDeclaration(string Name, TypeSource Type, string? Description, string? DeprecationReason, bool HasDefault, object? DefaultValue)
{
    public GraphQLArgument Build(Func<TypeSource, string, GraphQLType> resolveType, string coordinate)
    {
        var type = resolveType(Type, coordinate);
        return HasDefault
            ? new GraphQLArgument(Name, type) { Description = Description, DeprecationReason = DeprecationReason, DefaultValue = DefaultValue }
            : new GraphQLArgument(Name, type) { Description = Description, DeprecationReason = DeprecationReason };
    }

    public GraphQLInputField BuildInputField(Func<TypeSource, string, GraphQLType> resolveType, string coordinate)
    {
        var type = resolveType(Type, coordinate);
        return HasDefault
            ? new GraphQLInputField(Name, type) { Description = Description, DeprecationReason = DeprecationReason, DefaultValue = DefaultValue }
            : new GraphQLInputField(Name, type) { Description = Description, DeprecationReason = DeprecationReason };
    }
}
