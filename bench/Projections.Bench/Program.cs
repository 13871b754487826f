// The projections' benchmark (Es projections on Marten's async daemon, Es's rebuild runner). Prints figures; it asserts nothing.
//   dotnet run -c Release --project bench/Projections.Bench [-- --events 500000 --lag-seconds 20 --rate 1000 --batch 5000 --keep]
// Phases: load N events (bulk append: Marten's COPY); read them raw, the columns and pages the
// rebuild runner reads (the ceiling); for a counting and a per-event-upsert projection: a node
// started on the existing log with Marten's daemon, timed until caught up, then a zero-downtime
// rebuild (catalog.RebuildAsync, RebuildRunner) timed until swapped in (the per-event-upsert one
// also beside raw upserts of its statement, its other ceiling); then hold a steady write rate and
// measure append-to-applied lag (ProjectionOptions.PageApplied: the page's statements are queued,
// Marten commits them with the checkpoint right after).
// For A/B runs of two builds on the same data: --keep once, then --schema NAME (reuse that log,
// skip the load) --rounds N (raw read and counting projection N times, alternating) --count-only.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Es.Bench;
using Es.EventStore;
using Es.Projections;
using Es.Projections.Rebuilds;
using Es.Projections.Samples;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

// 500k events: the upsert-per-event projection is built twice (daemon, rebuild) at 5–25k events/s on this machine.
var bench = new BenchArgs(args);
var events = bench.Int("--events", 500_000);
var lagSeconds = bench.Int("--lag-seconds", 20);
var rate = bench.Int("--rate", 1000);
var batch = bench.Int("--batch", 5000);
// The least time between two of the daemon's looks while appends keep waking it (ProjectionOptions.WakeSpacing), in ms.
var wakeSpacing = bench.Int("--wake-spacing", (int)new ProjectionOptions().WakeSpacing.TotalMilliseconds);
var keep = bench.Flag("--keep");
var reuse = bench.String("--schema");
var rounds = bench.Int("--rounds", 1);
var countOnly = bench.Flag("--count-only");
var connectionString = BenchArgs.ConnectionString;
var schema = reuse ?? "es_bench_" + Guid.NewGuid().ToString("N")[..8];
keep |= reuse is not null;
// Every phase has a ceiling, so a slow machine gives a slow figure, not a hung run.
using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(8));
var ct = budget.Token;
string[] allTypes = ["ItemAdded", "Note"];

await using var dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=30");
var types = new EventTypeRegistry();
RegisterTypes(types);
// The writers' store: appends as another process (an ingest node, say) makes them; the nodes below have their own.
var storeOptions = new EventStoreOptions { Schema = schema };
using var documents = DocumentStore.For(o => EsMarten.Configure(o, connectionString, types, storeOptions));
var store = new MartenEventStore(documents, dataSource, types, storeOptions);
var results = new List<(string What, string Figure)>();
var head = 0L; // the log's last sequence number once loaded

try
{
    await store.MigrateAsync(ct);
    Console.WriteLine($"schema {schema}, {events:N0} events, batch {batch}, {Environment.ProcessorCount} cores, Marten {typeof(DocumentStore).Assembly.GetName().Version}");
    // 1. Load: 10 events per stream, in bulk appends of 20k events over 2,000 new streams (binary COPY).
    if (reuse is null) await LoadAsync();
    else events = (int)await ScalarAsync($"SELECT count(*) FROM {schema}.mt_events");
    // Untimed: the first scan after a bulk load sets every row's hint bits (it writes), which a
    // raw read would pay and a rebuild after it would not.
    await ExecAsync($"VACUUM (ANALYZE) {schema}.mt_events");
    head = await ScalarAsync($"SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events");

    // 2. Raw read of the same events, the way the rebuild runner reads them; 3. each projection
    // caught up by the daemon and then rebuilt. Several rounds alternate them, so all see the same machine.
    var run = Guid.NewGuid().ToString("N")[..6];
    // Untimed: the first pages pay for JIT compilation of the read path, which no figure should carry.
    await RawReadAsync(20);
    string? lagCounts = null, lagSummaries = null;
    for (var round = 1; round <= rounds; round++)
    {
        // The lag phase follows the first round's projections, already caught up.
        var suffix = round == 1 && reuse is null ? "" : $"_{run}_{round}";
        var rawRate = await RawReadAsync(int.MaxValue);
        var counts = new EventCountProjection($"bench_counts{suffix}", allTypes);
        lagCounts ??= counts.Name;
        await CatchUpAsync(counts, "counting projection", rawRate, 0);
        await RebuildAsync(counts, "counting projection", rawRate, 0);
        if (countOnly) continue;
        // This projection is bound by its one statement per event, not by the read: its second ceiling.
        var rawUpserts = await RawUpsertAsync(suffix);
        var summaries = new StreamSummaryProjection($"bench_summaries{suffix}", allTypes);
        lagSummaries ??= summaries.Name;
        await CatchUpAsync(summaries, "upsert-per-event projection", rawRate, rawUpserts);
        await RebuildAsync(summaries, "upsert-per-event projection", rawRate, rawUpserts);
    }
    if (countOnly || lagSeconds <= 0) return;

    // 4. Lag under a steady write load: append start to the page that applies the event, for each event.
    await LagAsync(lagCounts!, lagSummaries!);
}
finally
{
    Console.WriteLine();
    foreach (var (what, figure) in results) Console.WriteLine($"{what,-44} {figure}");
    if (!keep) await ExecAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE", CancellationToken.None);
    else Console.WriteLine($"kept schema {schema}");
}

async Task LoadAsync()
{
    var load = Stopwatch.StartNew();
    for (var written = 0; written < events;)
    {
        var chunk = Math.Min(20_000, events - written);
        var appends = new List<StreamAppend>(chunk / 10 + 1);
        for (var first = 0; first < chunk; first += 10)
        {
            var stream = new List<EventData>(10);
            for (var n = written + first; n < written + Math.Min(first + 10, chunk); n++)
                stream.Add(EventData.New(n % 5 == 4 ? new Note($"note {n}") : new ItemAdded($"sku-{n % 1000}", 1 + n % 3)));
            appends.Add(new StreamAppend($"s-{(written + first) / 10}", ExpectedVersion.NoStream, stream));
        }
        await store.AppendManyAsync(appends, ct);
        written += chunk;
    }
    results.Add(("load (bulk append, COPY)", Rate(events, load.Elapsed)));
}

// The rebuild runner's page query (RawLogPages): the ceiling of a rebuild.
async Task<double> RawReadAsync(int pages)
{
    var read = Stopwatch.StartNew();
    var seen = await Es.Bench.RawLogPages.ReadAsync(dataSource, schema, head, allTypes, batch, pages, ct);
    if (pages == int.MaxValue)
    {
        if (seen != events) throw new InvalidOperationException($"the raw read saw {seen:N0} of {events:N0} events");
        results.Add(("raw read (the rebuild runner's page query)", Rate(events, read.Elapsed)));
    }
    return seen / read.Elapsed.TotalSeconds;
}

// The upsert-per-event projection's statement, one per event, for the log's first 100k events
// (their stream, version, type and time, read first, untimed), a batch of them per transaction in
// one round trip (NpgsqlBatch, typed parameters), into a table of the same shape: what those
// writes cost PostgreSQL alone.
async Task<double> RawUpsertAsync(string suffix)
{
    var table = $"{schema}.raw_summaries{suffix}";
    await ExecAsync($"""
        CREATE TABLE {table} (stream_id text PRIMARY KEY, events bigint NOT NULL, last_version bigint NOT NULL, last_type text NOT NULL,
            first_at timestamptz NOT NULL, last_at timestamptz NOT NULL);
        CREATE INDEX ON {table} (last_at)
        """);
    var rows = new List<(string Stream, long Version, string Type, DateTimeOffset At)>(100_000);
    await using (var read = dataSource.CreateCommand($"SELECT stream_id, version, type, timestamp FROM {schema}.mt_events ORDER BY seq_id LIMIT 100000"))
    await using (var r = await read.ExecuteReaderAsync(ct))
        while (await r.ReadAsync(ct)) rows.Add((r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)));
    var sql = $"""
        INSERT INTO {table} AS t (stream_id, events, last_version, last_type, first_at, last_at)
        VALUES ($1, 1, $2, $3, $4, $5)
        ON CONFLICT (stream_id) DO UPDATE SET
            events = t.events + 1,
            last_version = greatest(t.last_version, EXCLUDED.last_version),
            last_type = EXCLUDED.last_type,
            last_at = greatest(t.last_at, EXCLUDED.last_at)
        """;
    var clock = Stopwatch.StartNew();
    foreach (var chunk in rows.Chunk(batch))
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var page = new NpgsqlBatch(connection, tx);
        foreach (var e in chunk)
        {
            var cmd = new NpgsqlBatchCommand(sql);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Stream });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.Version });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Type });
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = e.At });
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = e.At });
            page.BatchCommands.Add(cmd);
        }
        await page.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }
    results.Add(($"raw upserts, one per event, {batch:N0} per tx", Rate(rows.Count, clock.Elapsed)));
    return rows.Count / clock.Elapsed.TotalSeconds;
}

// A node started on the existing log with one projection new to it: Marten's daemon builds it
// from 0. Timed from the host's start until the daemon's committed checkpoint reaches the head.
async Task CatchUpAsync(Projection projection, string what, double rawRate, double rawUpserts)
{
    long firstPage = 0, pages = 0, largest = 0;
    var node = BuildNode([projection], runDaemon: true, (_, applied) =>
    {
        Interlocked.CompareExchange(ref firstPage, Stopwatch.GetTimestamp(), 0);
        Interlocked.Increment(ref pages);
        for (long seen; (seen = Interlocked.Read(ref largest)) < applied.Count;) Interlocked.CompareExchange(ref largest, applied.Count, seen);
    });
    var started = Stopwatch.GetTimestamp();
    await node.StartAsync(ct);
    var catalog = node.Services.GetRequiredService<ProjectionCatalog>();
    await WaitUntilAsync(async () => await DaemonPositionAsync(projection.Name) >= head
        && await catalog.GetStatusAsync(projection.Name, ct) is [{ IsCurrent: true, LagEvents: 0 }], $"{projection.Name} caught up");
    var elapsed = Stopwatch.GetElapsedTime(started);
    await StopAsync(node);
    // Where Marten has recorded a high-water mark, Es has the rebuild runner make a new projection's
    // first build and starts the daemon at the mark (docs/projections.md); otherwise the daemon fills it.
    var byRunner = await ScalarAsync($"SELECT events_processed FROM {schema}.projection_builds WHERE name = '{projection.Name}' AND generation = 1") > 0;
    if (byRunner) what += " (first build by the rebuild runner: a high-water mark was recorded)";
    var startUp = firstPage == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started, firstPage);
    var daemonRate = events / (elapsed - startUp).TotalSeconds;
    results.Add(($"daemon catch-up: {what}", $"{Rate(events, elapsed)}  ({Of(events / elapsed.TotalSeconds, rawRate, rawUpserts)}; "
        + $"{daemonRate:N0} events/s after its first page at {startUp.TotalSeconds:N1} s; {pages:N0} pages of up to {largest:N0} events)"));
    await CheckAsync(projection);
}

// A zero-downtime rebuild of a caught-up projection: catalog.RebuildAsync makes the new build,
// the rebuild runner fills it from the log and swaps it in. Timed from the request to the swap.
async Task RebuildAsync(Projection projection, string what, double rawRate, double rawUpserts)
{
    // A node that runs no daemon (the runner is driven here, not by its poll): only the runner works on the log.
    var node = BuildNode([projection], runDaemon: false, null);
    await node.StartAsync(ct);
    var catalog = node.Services.GetRequiredService<ProjectionCatalog>();
    var clock = Stopwatch.StartNew();
    var generation = await catalog.RebuildAsync(projection.Name, ct);
    await new RebuildRunner(catalog).RunOnceAsync(ct);
    var elapsed = clock.Elapsed;
    var status = await catalog.GetStatusAsync(projection.Name, ct);
    if (status is not [{ IsCurrent: true } current] || current.Generation != generation)
        throw new InvalidOperationException($"the rebuild of {projection.Name} did not swap in build g{generation}: {string.Join("; ", status)}");
    await StopAsync(node);
    results.Add(($"rebuild: {what}", $"{Rate(events, elapsed)}  ({Of(events / elapsed.TotalSeconds, rawRate, rawUpserts)})"));
    await CheckAsync(projection);
}

// The served read model holds every event once: a wrong figure would not be a figure.
async Task CheckAsync(Projection projection, long? expected = null)
{
    var want = expected ?? events;
    var total = projection is EventCountProjection
        ? await ScalarAsync($"SELECT coalesce(sum(count), 0) FROM {schema}.{projection.Name}")
        : await ScalarAsync($"SELECT coalesce(sum(events), 0) FROM {schema}.{projection.Name}");
    if (total != want) throw new InvalidOperationException($"{projection.Name} holds {total:N0} events, not {want:N0}");
}

async Task LagAsync(string countsName, string summariesName)
{
    var started = new ConcurrentDictionary<Guid, long>();
    // Pages the daemon applied per projection while measuring, and the events in them.
    var pages = new ConcurrentDictionary<string, (int Pages, long Events)>();
    // When each append returned (committed): the lag from there is the daemon's own share.
    var committed = new ConcurrentDictionary<Guid, long>();
    // When each projection's page applied each event: the last time, if a page was applied again
    // (Marten retries a page whose transaction failed; only the last one committed).
    var applied = new ConcurrentDictionary<(string Name, Guid Id), long>();
    var again = new ConcurrentDictionary<string, int>();
    var measureFrom = 0L;
    Projection[] projections = [new EventCountProjection(countsName, allTypes), new StreamSummaryProjection(summariesName, allTypes)];
    var node = BuildNode(projections, runDaemon: true,
        (name, page) =>
        {
            var now = Stopwatch.GetTimestamp();
            if (Volatile.Read(ref measureFrom) != 0) pages.AddOrUpdate(name, (1, page.Count), (_, p) => (p.Pages + 1, p.Events + page.Count));
            foreach (var pe in page)
                if (started.ContainsKey(pe.Event.EventId))
                    applied.AddOrUpdate((name, pe.Event.EventId), now, (_, _) =>
                    {
                        again.AddOrUpdate(name, 1, (_, n) => n + 1);
                        return now;
                    });
        });
    await node.StartAsync(ct);
    await Task.Delay(1500, ct); // take the daemon's leadership, settle
    // Enough writers that each has time for a slow append (tens of ms on a busy machine) and the offered rate holds.
    var writers = Math.Max(4, rate / 20);
    var appendLatency = new ConcurrentBag<double>();
    var perWriterInterval = TimeSpan.FromSeconds(writers / (double)rate);
    var warmUp = TimeSpan.FromSeconds(2);
    var total = warmUp + TimeSpan.FromSeconds(lagSeconds);
    var clock = Stopwatch.StartNew();
    var behind = 0;
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        for (var i = 0; ; i++)
        {
            var due = perWriterInterval * i + TimeSpan.FromMilliseconds(w);
            if (due > total) return;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            else if (wait < TimeSpan.FromMilliseconds(-50)) Interlocked.Increment(ref behind);
            if (Volatile.Read(ref measureFrom) == 0 && clock.Elapsed > warmUp) Interlocked.CompareExchange(ref measureFrom, Stopwatch.GetTimestamp(), 0);
            var e = EventData.New(new ItemAdded($"sku-{i % 1000}", 1));
            var t0 = Stopwatch.GetTimestamp();
            started[e.EventId] = t0;
            await store.AppendAsync($"lag-{w}-{i % 500}", ExpectedVersion.Any, [e], ct: ct);
            committed[e.EventId] = Stopwatch.GetTimestamp();
            var from = Volatile.Read(ref measureFrom);
            if (from != 0 && t0 >= from) appendLatency.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
    }, ct)));
    var writing = clock.Elapsed;
    // Let the last events land.
    var end = await ScalarAsync($"SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events");
    await WaitUntilAsync(async () => await DaemonPositionAsync(countsName) >= end && await DaemonPositionAsync(summariesName) >= end, "the lag phase caught up");
    await StopAsync(node);
    var logCount = await ScalarAsync($"SELECT count(*) FROM {schema}.mt_events");
    foreach (var p in projections) await CheckAsync(p, logCount);
    var appended = started.Count;
    var measured = started.Where(kv => kv.Value >= measureFrom).ToDictionary();
    results.Add(("steady write load", $"{appended / writing.TotalSeconds:N0} events/s by {writers} writers for {lagSeconds}s after {warmUp.TotalSeconds:N0}s warm-up{(behind > 0 ? $" ({behind} appends started >50 ms late)" : "")}"));
    var appendSorted = appendLatency.Order().ToArray();
    if (appendSorted.Length > 0)
        results.Add(("append call (part of the lag)", $"p50 {Latency.Percentile(appendSorted, 0.50):N1} ms, p99 {Latency.Percentile(appendSorted, 0.99):N1} ms"));
    foreach (var name in projections.Select(p => p.Name))
    {
        var sorted = applied.Where(kv => kv.Key.Name == name && measured.ContainsKey(kv.Key.Id))
            .Select(kv => Stopwatch.GetElapsedTime(measured[kv.Key.Id], kv.Value).TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0) continue;
        results.Add(($"lag {name} (append to page applied)", $"p50 {Latency.Percentile(sorted, 0.50):N1} ms, p99 {Latency.Percentile(sorted, 0.99):N1} ms, max {sorted[^1]:N1} ms "
            + $"over {sorted.Length:N0} of {measured.Count:N0} events{(again.TryGetValue(name, out var n) ? $" ({n:N0} applied again)" : "")}"));
        var fromCommit = applied.Where(kv => kv.Key.Name == name && measured.ContainsKey(kv.Key.Id) && committed.ContainsKey(kv.Key.Id))
            .Select(kv => Stopwatch.GetElapsedTime(committed[kv.Key.Id], kv.Value).TotalMilliseconds).Order().ToArray();
        if (fromCommit.Length > 0)
            results.Add(($"  of which after the append returned", $"p50 {Latency.Percentile(fromCommit, 0.50):N1} ms, p99 {Latency.Percentile(fromCommit, 0.99):N1} ms"));
        if (pages.TryGetValue(name, out var pg))
            results.Add(($"  pages applied while measuring", $"{pg.Pages:N0} ({pg.Pages / (writing.TotalSeconds - warmUp.TotalSeconds):N0} /s), {pg.Events / (double)pg.Pages:N1} events each"));
    }
}

// One Es node, as the tests build it: Marten with the event store and these projections, the
// daemon in hot/cold mode, Es's rebuild runner and control loop (unless runDaemon is off).
IHost BuildNode(Projection[] projections, bool runDaemon, Action<string, IReadOnlyList<ProjectedEvent>>? pageApplied)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    // (A node without the daemon has Marten print that its async projections will not run: here that is the point.)
    builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
    builder.Services
        .AddEventStore(connectionString, RegisterTypes, o => o.Schema = schema)
        .AddProjections(r => { foreach (var p in projections) r.Add(p); }, o =>
        {
            o.NodeName = "bench";
            o.BatchSize = batch;
            o.PollInterval = TimeSpan.FromMilliseconds(100);
            o.WakeSpacing = TimeSpan.FromMilliseconds(wakeSpacing);
            o.RunDaemon = runDaemon;
            o.PageApplied = pageApplied;
        });
    return builder.Build();
}

static async Task StopAsync(IHost node)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
    await node.StopAsync(timeout.Token);
    node.Dispose();
}

async Task<long> DaemonPositionAsync(string name) =>
    await ScalarAsync($"SELECT coalesce((SELECT last_seq_id FROM {schema}.mt_event_progression WHERE name = '{ProjectionCatalog.ShardName(name)}'), 0)");

async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
{
    while (!await condition())
    {
        if (ct.IsCancellationRequested) throw new TimeoutException($"Out of time waiting until {what}.");
        await Task.Delay(20, ct);
    }
}

async Task ExecAsync(string sql, CancellationToken token = default)
{
    await using var cmd = dataSource.CreateCommand(sql);
    cmd.CommandTimeout = 600;
    await cmd.ExecuteNonQueryAsync(token == default ? ct : token);
}

async Task<long> ScalarAsync(string sql)
{
    await using var cmd = dataSource.CreateCommand(sql);
    return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
}

static void RegisterTypes(EventTypeRegistry types) => types.Register<ItemAdded>("ItemAdded").Register<Note>("Note");

static string Rate(int count, TimeSpan elapsed) =>
    $"{count / elapsed.TotalSeconds,10:N0} events/s ({elapsed.TotalSeconds:N1} s)";

static string Of(double rate, double rawRead, double rawUpserts) =>
    $"{rate / rawRead:P0} of raw read" + (rawUpserts > 0 ? $", {rate / rawUpserts:P0} of raw upserts" : "");

public sealed record ItemAdded(string Sku, int Quantity);
public sealed record Note(string Text);
