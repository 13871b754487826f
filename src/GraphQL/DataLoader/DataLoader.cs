namespace Es.GraphQL.DataLoader;

/// <summary>Loads many keys in one call; keys the result lacks load as null.</summary>
public delegate Task<IReadOnlyDictionary<TKey, TValue>> BatchLoad<TKey, TValue>(IReadOnlyList<TKey> keys, CancellationToken cancellationToken)
    where TKey : notnull;

/// <summary>What the executor needs of every loader of a request: send the keys queued so far.</summary>
public interface IDataLoader
{
    /// <summary>Sends the queued keys as one batch; does nothing when none are queued.</summary>
    void Dispatch();
}

/// <summary>
/// Per-request batching and caching of keyed loads (the DataLoader pattern), so resolvers that
/// each load one key cause one query per level instead of one per item. Loads queue up while the
/// executor resolves a level; the executor dispatches them when it waits, and each batch's
/// completion dispatches what the resumed resolvers queued next. A short fallback timer
/// dispatches loads queued where no one waits (after some other awaited I/O, say).
/// </summary>
public sealed class DataLoader<TKey, TValue> : IDataLoader where TKey : notnull
{
    // Loads queued while the executor runs a pass are dispatched when the pass ends; the long
    // delay is only a safety net. Loads queued anywhere else wait the short delay.
    private static readonly TimeSpan FallbackDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan SafetyNetDelay = TimeSpan.FromMilliseconds(50);

    private readonly BatchLoad<TKey, TValue> _batch;
    private readonly DataLoaderRegistry? _registry;
    private readonly CancellationToken _cancellationToken;
    private readonly int _maxBatchSize;
    private readonly Dictionary<TKey, TaskCompletionSource<TValue?>> _cache = [];
    private List<TKey> _queue = [];
    private readonly Lock _lock = new();

    public DataLoader(BatchLoad<TKey, TValue> batch, CancellationToken cancellationToken = default, int maxBatchSize = 0)
        : this(batch, null, cancellationToken, maxBatchSize)
    {
    }

    internal DataLoader(BatchLoad<TKey, TValue> batch, DataLoaderRegistry? registry, CancellationToken cancellationToken, int maxBatchSize)
    {
        _batch = batch;
        _registry = registry;
        _cancellationToken = cancellationToken;
        _maxBatchSize = maxBatchSize;
    }

    /// <summary>The value for <paramref name="key"/>; each key is loaded at most once per loader.</summary>
    public Task<TValue?> LoadAsync(TKey key)
    {
        bool first;
        TaskCompletionSource<TValue?> completion;
        lock (_lock)
        {
            if (_cache.TryGetValue(key, out var cached)) return cached.Task;
            completion = new TaskCompletionSource<TValue?>();
            _cache[key] = completion;
            first = _queue.Count == 0;
            _queue.Add(key);
        }
        if (first) _ = DispatchLater(_registry?.InPass == true ? SafetyNetDelay : FallbackDelay);
        return completion.Task;
    }

    public async Task<IReadOnlyList<TValue?>> LoadManyAsync(IEnumerable<TKey> keys) =>
        await Task.WhenAll(keys.Select(LoadAsync).ToArray()).ConfigureAwait(false);

    /// <summary>Puts a value in the cache, e.g. one a list query already returned.</summary>
    public void Prime(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (_cache.ContainsKey(key)) return;
            var completion = new TaskCompletionSource<TValue?>();
            completion.SetResult(value);
            _cache[key] = completion;
        }
    }

    public void Dispatch()
    {
        List<TKey> keys;
        lock (_lock)
        {
            if (_queue.Count == 0) return;
            keys = _queue;
            _queue = [];
        }
        if (_maxBatchSize > 0 && keys.Count > _maxBatchSize)
        {
            foreach (var chunk in keys.Chunk(_maxBatchSize)) _ = RunBatch(chunk);
        }
        else
        {
            _ = RunBatch(keys);
        }
    }

    private async Task DispatchLater(TimeSpan delay)
    {
        await Task.Delay(delay, CancellationToken.None).ConfigureAwait(false);
        // A pass still running sends what it queued when it ends. Firing now would split its batch
        // in two: on a loaded machine a pass can outlast the safety net.
        while (_registry?.InPass == true) await Task.Delay(SafetyNetDelay, CancellationToken.None).ConfigureAwait(false);
        Dispatch();
    }

    private async Task RunBatch(IReadOnlyList<TKey> keys)
    {
        IReadOnlyDictionary<TKey, TValue>? values = null;
        Exception? failure = null;
        try
        {
            values = await _batch(keys, _cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            failure = error;
        }

        var completions = new TaskCompletionSource<TValue?>[keys.Count];
        lock (_lock)
        {
            for (var i = 0; i < keys.Count; i++) completions[i] = _cache[keys[i]];
            if (failure is not null)
            {
                // A failed batch is not cached: a later load may try again.
                foreach (var key in keys) _cache.Remove(key);
            }
        }
        // Resolvers awaiting these loads resume synchronously here, as one pass.
        _registry?.EnterPass();
        try
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (failure is not null) completions[i].TrySetException(failure);
                else completions[i].TrySetResult(values!.TryGetValue(keys[i], out var value) ? value : default);
            }
        }
        finally
        {
            _registry?.ExitPass();
        }

        // The resolvers resumed above ran up to their next loads: send those now, as one batch per loader.
        _registry?.DispatchAll();
    }
}

/// <summary>The loaders of one request, created on first use and dispatched together.</summary>
public sealed class DataLoaderRegistry(CancellationToken cancellationToken)
{
    private readonly Dictionary<string, IDataLoader> _loaders = [];
    private readonly Lock _lock = new();
    private int _passes;

    /// <summary>Whether the executor is running a pass that will dispatch what it queued when it ends.</summary>
    public bool InPass => Volatile.Read(ref _passes) > 0;

    public void EnterPass() => Interlocked.Increment(ref _passes);

    public void ExitPass() => Interlocked.Decrement(ref _passes);

    /// <summary>The request's loader named <paramref name="name"/>, created with <paramref name="batch"/> the first time.</summary>
    public DataLoader<TKey, TValue> GetOrAdd<TKey, TValue>(string name, BatchLoad<TKey, TValue> batch, int maxBatchSize = 0) where TKey : notnull
    {
        lock (_lock)
        {
            if (_loaders.TryGetValue(name, out var existing))
                return existing as DataLoader<TKey, TValue>
                    ?? throw new InvalidOperationException($"DataLoader \"{name}\" already exists with other key or value types.");
            var loader = new DataLoader<TKey, TValue>(batch, this, cancellationToken, maxBatchSize);
            _loaders[name] = loader;
            return loader;
        }
    }

    /// <summary>Dispatches every loader with queued keys; the executor calls it before it waits.</summary>
    public void DispatchAll()
    {
        IDataLoader[] loaders;
        lock (_lock) loaders = [.. _loaders.Values];
        foreach (var loader in loaders) loader.Dispatch();
    }
}
