using System.Security.Claims;
using Es.GraphQL.DataLoader;

namespace Es.GraphQL.Types;

/// <summary>Produces a field's value (spec 6.4.2 ResolveFieldValue). Synchronous resolvers return a completed ValueTask, which allocates nothing.</summary>
public delegate ValueTask<object?> FieldResolver(ResolveFieldContext context);

/// <summary>Produces the source event stream of a subscription root field (spec 6.2.3.1 CreateSourceEventStream).</summary>
public delegate ValueTask<IAsyncEnumerable<object?>> SubscriptionResolver(ResolveFieldContext context);

/// <summary>
/// Everything a resolver may use (graphql-js passes source, args, context and info; here they
/// are one object): the parent value, the coerced arguments, the per-request context, and where
/// in the response the field is.
/// </summary>
public sealed class ResolveFieldContext
{
    /// <summary>The value of the parent object: the root value for root fields, otherwise what the parent field resolved to.</summary>
    public object? Source { get; init; }

    /// <summary>The field's arguments, coerced to their internal values (spec 6.4.1 CoerceArgumentValues).</summary>
    public ArgumentValues Arguments { get; init; } = ArgumentValues.Empty;

    /// <summary>The per-request context: user, services, cancellation, items.</summary>
    public RequestContext Request
    {
        // Created only when nobody gave one: the executor always does, and this is built per field.
        get => _request ??= new RequestContext();
        init => _request = value;
    }

    private RequestContext? _request;

    public GraphQLField Field { get; init; } = null!;

    public GraphQLObjectType ParentType { get; init; } = null!;

    public GraphQLSchema Schema { get; init; } = null!;

    /// <summary>Where this field's value goes in the response; error paths are built from it.</summary>
    public ResponsePath Path { get; init; } = null!;

    /// <summary>The field's nodes in the document (several when the same response key is selected more than once).</summary>
    public IReadOnlyList<Language.FieldNode> FieldNodes { get; init; } = [];

    /// <summary>The coerced variable values of the operation.</summary>
    public IReadOnlyDictionary<string, object?> Variables { get; init; } = ArgumentValues.Empty.Values;

    public GraphQLType ReturnType => Field.Type;

    public string FieldName => Field.Name;

    public CancellationToken CancellationToken => Request.CancellationToken;

    /// <summary>The parent value as its CLR type; throws when the parent is not a <typeparamref name="T"/>.</summary>
    public T SourceAs<T>() => Source is T source
        ? source
        : throw new InvalidOperationException($"{Field} expected a parent value of type {typeof(T).Name} but got {Source?.GetType().Name ?? "null"}.");

    /// <summary>The request context as the application's own subclass.</summary>
    public T RequestAs<T>() where T : RequestContext => (T)Request;

    /// <summary>A service from the request's service provider.</summary>
    public T Service<T>() where T : notnull => Request.Service<T>();
}

/// <summary>
/// Per-request state shared by all resolvers of one operation. Applications subclass it to add
/// their own (the current member, say) and read it back with <see cref="ResolveFieldContext.RequestAs{T}"/>.
/// </summary>
public class RequestContext
{
    private Dictionary<object, object?>? _items;
    private DataLoaderRegistry? _dataLoaders;

    /// <summary>
    /// A new context with nothing in it, for operations run without one. Never a shared instance:
    /// items and DataLoader caches must not outlive their request.
    /// </summary>
    public static RequestContext None => new();

    public ClaimsPrincipal? User { get; init; }

    public IServiceProvider? Services { get; init; }

    private CancellationToken _cancellationToken;

    /// <summary>Cancels the operation: the client went away, or the endpoint's execution timeout passed.</summary>
    public CancellationToken CancellationToken { get => _cancellationToken; init => _cancellationToken = value; }

    /// <summary>
    /// The endpoint links its execution timeout into the token the application's context was
    /// built with, before any resolver runs.
    /// </summary>
    internal void ReplaceCancellation(CancellationToken token) => _cancellationToken = token;

    /// <summary>
    /// A copy for one operation of a connection (WebSocket): the same type and state as this
    /// connection-wide context, with no items or DataLoaders yet and its own cancellation.
    /// </summary>
    internal RequestContext ForOperation(CancellationToken token)
    {
        var copy = (RequestContext)MemberwiseClone();
        copy._items = null;
        copy._dataLoaders = null;
        copy._cancellationToken = token;
        return copy;
    }

    /// <summary>Request-scoped values, created on first use (DataLoaders keep their caches here).</summary>
    public IDictionary<object, object?> Items => _items ??= [];

    /// <summary>The request's DataLoaders, created on first use.</summary>
    public DataLoaderRegistry DataLoaders
    {
        get
        {
            if (_dataLoaders is null) Interlocked.CompareExchange(ref _dataLoaders, new DataLoaderRegistry(CancellationToken), null);
            return _dataLoaders;
        }
    }

    /// <summary>The request's loader named <paramref name="name"/>: <c>ctx.Request.DataLoader&lt;Guid, Member&gt;("members", members.ByIds)</c>.</summary>
    public DataLoader<TKey, TValue> DataLoader<TKey, TValue>(string name, BatchLoad<TKey, TValue> batch) where TKey : notnull =>
        DataLoaders.GetOrAdd(name, batch);

    /// <summary>Sends the keys loaders queued; the executor calls it when it is about to wait.</summary>
    internal void DispatchDataLoaders() => _dataLoaders?.DispatchAll();

    /// <summary>Marks a synchronous executor pass, at whose end queued loads are dispatched.</summary>
    internal void EnterPass() => DataLoaders.EnterPass();

    internal void ExitPass() => DataLoaders.ExitPass();

    public T Service<T>() where T : notnull
    {
        if (Services?.GetService(typeof(T)) is T service) return service;
        throw new InvalidOperationException($"No service of type {typeof(T).FullName} is available to this request.");
    }
}

/// <summary>
/// A response path (spec 7.1.2 "path"): field response names and list indices from the root,
/// as an immutable linked list so each level adds one node.
/// </summary>
public sealed class ResponsePath(ResponsePath? previous, object key, string? typeName = null)
{
    private static readonly object[] SmallIndices = Enumerable.Range(0, 1024).Select(i => (object)i).ToArray();

    /// <summary>A list item's path; indices below 1024 reuse one boxed int, as lists are completed item by item.</summary>
    public ResponsePath(ResponsePath? previous, int index) : this(previous, index < SmallIndices.Length && index >= 0 ? SmallIndices[index] : index) { }

    public ResponsePath? Previous { get; } = previous;

    /// <summary>A response name (string) or a list index (int).</summary>
    public object Key { get; } = key;

    /// <summary>The parent type name, for diagnostics.</summary>
    public string? TypeName { get; } = typeName;

    public ResponsePath Add(object key, string? typeName = null) => new(this, key, typeName);

    public IReadOnlyList<object> ToList()
    {
        var depth = 0;
        for (var p = this; p is not null; p = p.Previous) depth++;
        var keys = new object[depth];
        for (var p = this; p is not null; p = p.Previous) keys[--depth] = p.Key;
        return keys;
    }

    public override string ToString() => string.Join(".", ToList());
}
