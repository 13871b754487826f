using Es.EventStore;
using Es.Projections.Daemon;
using Npgsql;

namespace Es.Projections.Tests;

/// <summary>
/// A real PostgreSQL (the private cluster scripts/pg starts; ES_TEST_POSTGRES overrides) and a
/// fresh schema per test class, holding the event store and the projection engine's tables.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(ConnectionString + ";Maximum Pool Size=40");
    public string Schema { get; } = "es_proj_" + Guid.NewGuid().ToString("N")[..12];
    public PostgresEventStore Store { get; private set; } = null!;
    private readonly List<IAsyncDisposable> _owned = [];

    public async Task InitializeAsync()
    {
        Store = NewStore();
        await Store.MigrateAsync();
    }

    /// <summary>Another store on the same schema: what another node would have.</summary>
    public PostgresEventStore NewStore()
    {
        var store = new PostgresEventStore(DataSource, TestEvents.Registry(),
            new EventStoreOptions { Schema = Schema, PollInterval = TimeSpan.FromMilliseconds(100) });
        _owned.Add(store);
        return store;
    }

    public static ProjectionOptions Options(string node = "node-a", int batchSize = 200) => new()
    {
        NodeName = node,
        BatchSize = batchSize,
        PollInterval = TimeSpan.FromMilliseconds(100),
        OwnershipInterval = TimeSpan.FromMilliseconds(200),
        RetryDelay = TimeSpan.FromMilliseconds(100),
    };

    public ProjectionCatalog Catalog(ProjectionOptions options, params Projection[] projections)
    {
        var registry = new ProjectionRegistry();
        foreach (var p in projections) registry.Add(p);
        return new ProjectionCatalog(NewStore(), registry, options);
    }

    public async Task<ProjectionDaemon> StartDaemonAsync(ProjectionCatalog catalog)
    {
        // The daemon prepares its tables itself, in the background; tests query them at once.
        await catalog.MigrateAsync();
        await catalog.EnsureAsync();
        var daemon = new ProjectionDaemon(catalog);
        await daemon.StartAsync(CancellationToken.None);
        return daemon;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql.Replace("{schema}", Schema));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>Rows of a two-column (key, number) query, as a dictionary.</summary>
    public async Task<Dictionary<string, long>> KeyedAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql.Replace("{schema}", Schema));
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new Dictionary<string, long>();
        while (await r.ReadAsync()) rows[r.GetString(0)] = r.GetInt64(1);
        return rows;
    }

    /// <summary>The whole committed log, read the way a fresh build reads it.</summary>
    public async Task<List<RecordedEvent>> WholeLogAsync()
    {
        var all = new List<RecordedEvent>();
        var position = LogPosition.Start;
        while (true)
        {
            var batch = await Store.ReadLogAsync(position, 5000);
            all.AddRange(batch.Events);
            position = batch.Next;
            if (batch.Events.Count == 5000) continue;
            if (!batch.HeldBack) return all;
            await Task.Delay(5);
        }
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits until the current build of every named projection has applied the whole log.</summary>
    public static Task WaitCaughtUpAsync(ProjectionCatalog catalog, TimeSpan timeout, params string[] names) =>
        WaitUntilAsync(async () =>
        {
            var status = await catalog.GetStatusAsync();
            return names.All(n => status.Any(s => s.Name == n && s.IsCurrent && s.LagEvents == 0 && s.Shards.All(x => x.CaughtUp)
                                                  && s.State == ProjectionState.Running));
        }, timeout, $"{string.Join(", ", names)} caught up");

    public async Task DisposeAsync()
    {
        foreach (var d in _owned) await d.DisposeAsync();
        await using (var cmd = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE"))
            await cmd.ExecuteNonQueryAsync();
        await DataSource.DisposeAsync();
    }
}

public sealed record ItemAdded(string Sku, int Quantity);
public sealed record Note(string Text);

public static class TestEvents
{
    public static EventTypeRegistry Registry() => new EventTypeRegistry()
        .Register<ItemAdded>("ItemAdded")
        .Register<Note>("Note");

    public static readonly string[] All = ["ItemAdded", "Note"];

    public static EventData Added(string sku, int quantity = 1) => EventData.New(new ItemAdded(sku, quantity));
    public static EventData Noted(string text) => EventData.New(new Note(text));

    /// <summary>What a from-scratch build of a per-stream count holds: events per stream over the log.</summary>
    public static Dictionary<string, long> CountByStream(IEnumerable<RecordedEvent> log) =>
        log.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => (long)g.Count());
}
