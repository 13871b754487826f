using Es.Commands;
using Es.Domain;
using Es.EventStore;
using Es.Projections.Commerce;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Es.Projections.Tests.Commerce;

/// <summary>
/// The real PostgreSQL, a fresh schema per test class, and Marten's event tables with Es's domain
/// events registered: the commerce facts are appended as the deciders decide them, in log order.
/// </summary>
public sealed class CommerceDb : IAsyncLifetime
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(EngineFixture.ConnectionString + ";Maximum Pool Size=40");
    public string Schema { get; } = "es_anom_" + Guid.NewGuid().ToString("N")[..12];
    public MartenEventStore Store { get; private set; } = null!;
    private readonly List<IAsyncDisposable> _owned = [];

    public async Task InitializeAsync()
    {
        var types = CommandPipeline.RegisterDomainEvents(new EventTypeRegistry());
        var options = new EventStoreOptions { Schema = Schema };
        var o = new StoreOptions();
        EsMarten.Configure(o, EngineFixture.ConnectionString, types, options);
        var store = new DocumentStore(o);
        _owned.Add(store);
        Store = new MartenEventStore(store, DataSource, types, options);
        await Store.MigrateAsync();
    }

    /// <summary>The projection with these options, at the version PostgreSQL hands this rule set in this schema.</summary>
    public async Task<AnomalyProjection> ProjectionAsync(AnomalyOptions? options = null)
    {
        options ??= new AnomalyOptions();
        return new AnomalyProjection(options, await AnomalyRuleVersions.ResolveAsync(DataSource, Schema, options));
    }

    public async Task<Node> StartNodeAsync(Projection projection, string node = "node-a", int batchSize = 500, bool start = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services
            .AddEventStore($"{EngineFixture.ConnectionString};Application Name={node}@{Schema}", t => CommandPipeline.RegisterDomainEvents(t), o => o.Schema = Schema)
            .AddProjections(r => r.Add(projection), o =>
            {
                o.NodeName = node;
                o.BatchSize = batchSize;
                o.PollInterval = TimeSpan.FromMilliseconds(100);
                o.RetryDelay = TimeSpan.FromMilliseconds(100);
            });
        var n = new Node(builder.Build());
        _owned.Add(n);
        if (start) await n.Host.StartAsync();
        return n;
    }

    /// <summary>
    /// Decides every command against its stream's state and appends what is decided, in order: one
    /// event an append, or with <paramref name="bulk"/> in runs (the COPY path), for big logs.
    /// </summary>
    public async Task<List<(string Stream, DomainEvent Event, long Sequence)>> AppendAsync(IEnumerable<Command> commands, bool bulk = false)
    {
        var decided = CommerceLog.Decide(commands);
        var sequences = bulk ? await CommerceLog.AppendInOrderAsync(Store, decided) : await CommerceLog.AppendOneByOneAsync(Store, decided);
        return decided.Select((d, i) => (d.Stream, d.Event, sequences[i])).ToList();
    }

    /// <summary>Waits until the projection's one build is current and has applied the log; on a timeout says what state it is in.</summary>
    public static async Task WaitCaughtUpAsync(Node node, TimeSpan? timeout = null)
    {
        try
        {
            await EngineFixture.WaitCaughtUpAsync(node.Catalog, timeout ?? TimeSpan.FromSeconds(90), AnomalyProjection.ProjectionName);
        }
        catch (TimeoutException)
        {
            var status = await node.Catalog.GetStatusAsync(AnomalyProjection.ProjectionName);
            throw new TimeoutException("anomalies did not catch up: " + string.Join(" | ", status.Select(s =>
                $"g{s.Generation} v{s.Version} current={s.IsCurrent} {s.State} lag={s.LagEvents} error={s.LastError} at={s.FailedEvent}")));
        }
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql.Replace("{schema}", Schema));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>Every row of a query, each as one tab-joined string (for comparing tables whole).</summary>
    public async Task<List<string>> RowsAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql.Replace("{schema}", Schema));
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
        {
            var cells = new object[r.FieldCount];
            r.GetValues(cells);
            rows.Add(string.Join('\t', cells.Select(c => c is Array a ? string.Join(',', a.Cast<object>()) : Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    /// <summary>The flags served now: (rule, subject, events, reason).</summary>
    public async Task<List<Flag>> FlagsAsync()
    {
        await using var cmd = DataSource.CreateCommand($"SELECT rule, subject, events, reason, merchant_id, day, score FROM {Schema}.anomaly_flags ORDER BY seq, rule");
        await using var r = await cmd.ExecuteReaderAsync();
        var flags = new List<Flag>();
        while (await r.ReadAsync())
            flags.Add(new Flag(r.GetString(0), r.GetString(1), r.GetFieldValue<long[]>(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.GetFieldValue<DateOnly>(5), r.IsDBNull(6) ? null : r.GetDouble(6)));
        return flags;
    }

    public async Task DisposeAsync()
    {
        foreach (var d in _owned) await d.DisposeAsync();
        await using (var cmd = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE"))
            await cmd.ExecuteNonQueryAsync();
        await DataSource.DisposeAsync();
    }
}

public sealed record Flag(string Rule, string Subject, long[] Events, string Reason, string? MerchantId, DateOnly Day, double? Score);

/// <summary>Commands to events through the deciders, and events to the log in exactly their order.</summary>
public static class CommerceLog
{
    /// <summary>Far enough ahead that no generated time is "in the future" for the domain.</summary>
    public static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static List<(string Stream, DomainEvent Event)> Decide(IEnumerable<Command> commands)
    {
        var states = new Dictionary<string, object>(StringComparer.Ordinal);
        var decided = new List<(string, DomainEvent)>();
        foreach (var raw in commands)
        {
            var command = raw with { Actor = Actor.System("test"), Now = Now };
            var rejections = CommandValidation.Validate(command);
            if (rejections.Count > 0) throw new InvalidOperationException($"{command.GetType().Name} is invalid: {string.Join("; ", rejections.Select(r => r.Message))}");
            var decider = Deciders.For(command);
            var stream = decider.StreamId(command);
            var state = states.TryGetValue(stream, out var s) ? s : decider.Initial;
            var decision = decider.Decide(command, state);
            if (decision.IsRejected) throw new InvalidOperationException($"{command.GetType().Name} on {stream} was rejected: {decision.Rejections[0].Message}");
            foreach (var e in decision.Events)
            {
                state = decider.Evolve(state, e);
                decided.Add((stream, e));
            }
            states[stream] = state;
        }
        return decided;
    }

    public static async Task<long[]> AppendOneByOneAsync(IEventStore store, IReadOnlyList<(string Stream, DomainEvent Event)> events)
    {
        var sequences = new long[events.Count];
        for (var i = 0; i < events.Count; i++)
            sequences[i] = (await store.AppendAsync(events[i].Stream, ExpectedVersion.Any, [EventData.New(events[i].Event)])).Sequences[^1];
        return sequences;
    }

    /// <summary>
    /// Appends in runs that keep the log in this order: a run of events that each start a new
    /// stream goes through the bulk COPY (list order); a run of events on distinct existing streams
    /// through one session. Checks that each run's sequences come after the run before.
    /// </summary>
    public static async Task<long[]> AppendInOrderAsync(IEventStore store, IReadOnlyList<(string Stream, DomainEvent Event)> events, int runLimit = 5_000)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        var sequences = new long[events.Count];
        var i = 0;
        var previousHigh = 0L;
        while (i < events.Count)
        {
            var isNew = !known.Contains(events[i].Stream);
            var run = new List<StreamAppend>();
            var inRun = new HashSet<string>(StringComparer.Ordinal);
            var start = i;
            while (i < events.Count && run.Count < runLimit && !known.Contains(events[i].Stream) == isNew && inRun.Add(events[i].Stream))
            {
                run.Add(new StreamAppend(events[i].Stream, isNew ? ExpectedVersion.NoStream : ExpectedVersion.Any, [EventData.New(events[i].Event)]));
                i++;
            }
            // A session writes a run's streams in id order: events on distinct existing streams (a
            // cancellation, a pick-up) that no rule orders among themselves; runs stay in order.
            var results = await store.AppendManyAsync(run);
            var first = start;
            foreach (var result in results) sequences[start++] = result.Sequences[^1];
            var (low, high) = (sequences[first..start].Min(), sequences[first..start].Max());
            if (isNew && !sequences[first..start].SequenceEqual(sequences[first..start].Order()))
                throw new InvalidOperationException($"The bulk copy reordered the events of the run at {first}.");
            if (low <= previousHigh) throw new InvalidOperationException($"The log's order differs from the events' at {first}.");
            previousHigh = high;
            foreach (var part in run) known.Add(part.StreamId);
        }
        return sequences;
    }
}
