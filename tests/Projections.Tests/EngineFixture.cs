using Es.EventStore;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Es.Projections.Tests;

/// <summary>
/// A real PostgreSQL (the private cluster scripts/pg starts; ES_TEST_POSTGRES overrides) and a
/// fresh schema per test class, holding Marten's event tables and Es's projection tables. A
/// <see cref="Node"/> is what one Es process runs: Marten with the projections, its daemon in
/// hot/cold mode, Es's rebuild runner and control loop.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(ConnectionString + ";Maximum Pool Size=40");
    public string Schema { get; } = "es_proj_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A store with no projections: appends as another process (an ingest node, say) makes them.</summary>
    public MartenEventStore Store { get; private set; } = null!;

    private readonly List<IAsyncDisposable> _owned = [];

    public async Task InitializeAsync()
    {
        var types = TestEvents.Registry();
        var options = new EventStoreOptions { Schema = Schema };
        var store = new DocumentStore(BuildOptions(o => EsMarten.Configure(o, ConnectionString, types, options)));
        _owned.Add(store);
        Store = new MartenEventStore(store, DataSource, types, options);
        await Store.MigrateAsync();
    }

    private static StoreOptions BuildOptions(Action<StoreOptions> configure)
    {
        var o = new StoreOptions();
        configure(o);
        return o;
    }

    public static ProjectionOptions Options(string node = "node-a", int batchSize = 200) => new()
    {
        NodeName = node,
        BatchSize = batchSize,
        PollInterval = TimeSpan.FromMilliseconds(100),
        RetryDelay = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>Starts an Es node on this schema with these projections.</summary>
    public async Task<Node> StartNodeAsync(ProjectionOptions options, params Projection[] projections)
    {
        var node = BuildNode(options, projections);
        await node.Host.StartAsync();
        return node;
    }

    /// <summary>Further Marten settings for the nodes this fixture builds (a test class sets it in its constructor).</summary>
    public Action<StoreOptions>? ConfigureMarten { get; set; }

    /// <summary>The PostgreSQL application_name of a node's connections: how a test finds (and kills) them, whatever else runs beside it.</summary>
    public static string ApplicationName(string schema, string node) => $"{node}@{schema}";

    /// <summary>A node built but not started: its catalog works (the CLI's view), its daemon does not run.</summary>
    public Node BuildNode(ProjectionOptions options, params Projection[] projections)
    {
        var builder = Host.CreateApplicationBuilder();
        var marten = builder.Services
            .AddEventStore($"{ConnectionString};Application Name={ApplicationName(Schema, options.NodeName)}", TestEvents.Register, o => o.Schema = Schema);
        if (ConfigureMarten is { } configure) builder.Services.ConfigureMarten(configure);
        marten
            .AddProjections(r => { foreach (var p in projections) r.Add(p); }, o =>
            {
                o.NodeName = options.NodeName;
                o.BatchSize = options.BatchSize;
                o.PollInterval = options.PollInterval;
                o.RetryDelay = options.RetryDelay;
                o.RunDaemon = options.RunDaemon;
                o.PageApplied = options.PageApplied;
                o.FastPolling = options.FastPolling;
                o.SlowPolling = options.SlowPolling;
            });
        var node = new Node(builder.Build());
        _owned.Add(node);
        return node;
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

    /// <summary>
    /// Events per stream over the whole committed log, counted by PostgreSQL from Marten's table
    /// (without the tombstones Marten writes over the sequence numbers of a failed rich append).
    /// </summary>
    public Task<Dictionary<string, long>> CountByStreamAsync(params string[] types) => KeyedAsync(types.Length == 0
        ? "SELECT stream_id, count(*) FROM {schema}.mt_events WHERE type <> 'tombstone' GROUP BY stream_id"
        : $"SELECT stream_id, count(*) FROM {{schema}}.mt_events WHERE type IN ({string.Join(", ", types.Select(t => $"'{t}'"))}) GROUP BY stream_id");

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
            return names.All(n => status.Any(s => s.Name == n && s.IsCurrent && s.LagEvents == 0 && s.State == ProjectionState.Running)
                                  && status.Count(s => s.Name == n) == 1);
        }, timeout, $"{string.Join(", ", names)} caught up");

    public async Task DisposeAsync()
    {
        foreach (var d in _owned) await d.DisposeAsync();
        await using (var cmd = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE"))
            await cmd.ExecuteNonQueryAsync();
        await DataSource.DisposeAsync();
    }
}

/// <summary>One Es process: its host, and the services a test reaches through it.</summary>
public sealed class Node(IHost host) : IAsyncDisposable
{
    private bool _stopped;
    public IHost Host { get; } = host;
    public ProjectionCatalog Catalog => Host.Services.GetRequiredService<ProjectionCatalog>();
    public MartenEventStore Store => Host.Services.GetRequiredService<MartenEventStore>();

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Host.StopAsync(timeout.Token);
    }

    /// <summary>
    /// Disposes the host without stopping it, as a container torn down without a graceful stop
    /// does: hosted services get no StopAsync, only their disposal.
    /// </summary>
    public void Abandon()
    {
        _stopped = true;
        Host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Host.Dispose();
    }
}

public sealed record ItemAdded(string Sku, int Quantity);
public sealed record Note(string Text);

public static class TestEvents
{
    public static void Register(EventTypeRegistry types) => types.Register<ItemAdded>("ItemAdded").Register<Note>("Note");

    public static EventTypeRegistry Registry()
    {
        var types = new EventTypeRegistry();
        Register(types);
        return types;
    }

    public static readonly string[] All = ["ItemAdded", "Note"];

    public static EventData Added(string sku, int quantity = 1) => EventData.New(new ItemAdded(sku, quantity));
    public static EventData Noted(string text) => EventData.New(new Note(text));

    /// <summary>Appends events to many streams in many small transactions (each a batched Marten session).</summary>
    public static async Task AppendStreamsAsync(IEventStore store, int streams, int eventsPerStream, int marker = -1)
    {
        var n = 0;
        for (var v = 0; v < eventsPerStream; v++)
        {
            var round = new List<StreamAppend>(streams);
            for (var s = 0; s < streams; s++)
                round.Add(new StreamAppend($"cart-{s}", ExpectedVersion.Any, [n++ == marker ? Noted("block") : Added($"sku-{s % 7}")]));
            // Many small transactions (a bulk append names each stream once), interleaved as live traffic is.
            foreach (var chunk in round.Chunk(20)) await store.AppendManyAsync(chunk);
        }
    }
}
