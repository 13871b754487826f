// The projection engine's benchmark. Prints figures; it asserts nothing.
//   dotnet run -c Release --project bench/Projections.Bench [-- --events 1000000 --lag-seconds 20 --rate 1000 --batch 5000 --keep]
// Phases: load N events; read them raw; rebuild a counting and a per-event-upsert projection
// over them; then hold a steady write rate and measure append-to-visible lag.
// For A/B runs of two builds on the same data: --keep once, then --schema NAME (reuse that log,
// skip the load) --rounds N (raw read and counting rebuild N times, alternating) --count-only.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Es.EventStore;
using Es.Projections;
using Es.Projections.Daemon;
using Es.Projections.Samples;
using Npgsql;

var events = IntArg("--events", 1_000_000);
var lagSeconds = IntArg("--lag-seconds", 20);
var rate = IntArg("--rate", 1000);
var batch = IntArg("--batch", 5000);
var keep = args.Contains("--keep");
var reuse = StringArg("--schema");
var rounds = IntArg("--rounds", 1);
var countOnly = args.Contains("--count-only");
var connectionString = Environment.GetEnvironmentVariable("ES_BENCH_POSTGRES") is { Length: > 0 } b ? b
    : Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } t ? t
    : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";
var schema = reuse ?? "es_bench_" + Guid.NewGuid().ToString("N")[..8];
keep |= reuse is not null;
// Every phase has a ceiling, so a slow machine gives a slow figure, not a hung run.
using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(8));
var ct = budget.Token;

await using var dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=30");
var types = new EventTypeRegistry().Register<ItemAdded>("ItemAdded").Register<Note>("Note");
var storeOptions = new EventStoreOptions { Schema = schema, PollInterval = TimeSpan.FromSeconds(1) };
await using var store = new PostgresEventStore(dataSource, types, storeOptions);
await store.MigrateAsync(ct);
var results = new List<(string What, string Figure)>();
Console.WriteLine($"schema {schema}, {events:N0} events, batch {batch}, {Environment.ProcessorCount} cores");

try
{
    // 1. Load: 10 events per stream, in bulk appends of 20k events (binary COPY).
    if (reuse is null) await LoadAsync();
    // Untimed: the first scan after a bulk load sets every row's hint bits (it writes), which a
    // raw read would pay and a rebuild after it would not.
    await using (var vacuum = dataSource.CreateCommand($"VACUUM (ANALYZE) {schema}.events")) await vacuum.ExecuteNonQueryAsync(ct);

    // 2. Raw read of the same events, the way an agent reads them; 3. rebuilds from position 0.
    // Several rounds alternate the two, so both see the same machine.
    string[] allTypes = ["ItemAdded", "Note"];
    var run = Guid.NewGuid().ToString("N")[..6];
    // Untimed: the first pages pay for JIT compilation of the read path, which neither figure should carry.
    for (var (position, w) = (LogPosition.Start, 0); w < 20; w++) position = (await store.ReadLogAsync(position, batch, ct)).Next;
    for (var round = 1; round <= rounds; round++)
    {
        // The lag phase follows the first round's builds, already caught up.
        var suffix = round == 1 && reuse is null ? "" : $"_{run}_{round}";
        var rawRate = await RawReadAsync();
        var simple = await RebuildAsync(new EventCountProjection($"bench_counts{suffix}", allTypes));
        results.Add(("rebuild: counting projection", $"{Rate(events, simple)}  ({events / simple.TotalSeconds / rawRate:P0} of raw read)"));
        if (countOnly) continue;
        var heavy = await RebuildAsync(new StreamSummaryProjection($"bench_summaries{suffix}", allTypes));
        results.Add(("rebuild: upsert-per-event projection", $"{Rate(events, heavy)}  ({events / heavy.TotalSeconds / rawRate:P0} of raw read)"));
    }
    if (countOnly || lagSeconds <= 0) return;

    // 4. Lag under a steady write load: append start to the projection's commit, for each event.
    await LagAsync();
}
finally
{
    Console.WriteLine();
    foreach (var (what, figure) in results) Console.WriteLine($"{what,-40} {figure}");
    if (!keep)
    {
        await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}

async Task LoadAsync()
{
    var streams = Math.Max(1, events / 10);
    var load = Stopwatch.StartNew();
    for (var written = 0; written < events;)
    {
        var chunk = Math.Min(20_000, events - written);
        var appends = new List<StreamAppend>(chunk);
        for (var i = 0; i < chunk; i++)
        {
            var n = written + i;
            object data = n % 5 == 4 ? new Note($"note {n}") : new ItemAdded($"sku-{n % 1000}", 1 + n % 3);
            appends.Add(new StreamAppend($"s-{n % streams}", ExpectedVersion.Any, [EventData.New(data)]));
        }
        await store.AppendManyAsync(appends, ct);
        written += chunk;
    }
    results.Add(("load (bulk append)", Rate(events, load.Elapsed)));
}

async Task<double> RawReadAsync()
{
    var read = Stopwatch.StartNew();
    var position = LogPosition.Start;
    var seen = 0;
    while (seen < events)
    {
        var page = await store.ReadLogAsync(position, batch, ct);
        seen += page.Events.Count;
        position = page.Next;
        if (page.Events.Count == 0) await Task.Delay(5, ct);
    }
    results.Add(("raw log read", Rate(events, read.Elapsed)));
    return events / read.Elapsed.TotalSeconds;
}

async Task LagAsync()
{
    string[] allTypes = ["ItemAdded", "Note"];
    var started = new ConcurrentDictionary<Guid, long>();
    var lags = new ConcurrentDictionary<string, ConcurrentBag<double>>();
    var measureFrom = 0L;
    var lagOptions = new ProjectionOptions
    {
        NodeName = "bench-lag",
        BatchSize = 1000,
        BatchCommitted = (name, _, applied) =>
        {
            var now = Stopwatch.GetTimestamp();
            var bag = lags.GetOrAdd(name, _ => []);
            foreach (var pe in applied)
                if (started.TryGetValue(pe.Event.EventId, out var t0) && t0 >= Volatile.Read(ref measureFrom))
                    bag.Add(Stopwatch.GetElapsedTime(t0, now).TotalMilliseconds);
        },
    };
    // The daemon gets its own store instance, as another node would: it is woken by NOTIFY.
    await using var daemonStore = new PostgresEventStore(dataSource, types, storeOptions);
    var registry = new ProjectionRegistry().Add(new EventCountProjection("bench_counts", allTypes))
        .Add(new StreamSummaryProjection("bench_summaries", allTypes));
    var daemon = new ProjectionDaemon(new ProjectionCatalog(daemonStore, registry, lagOptions));
    await daemon.StartAsync(ct);
    await Task.Delay(1500, ct); // take ownership, settle
    // Enough writers that each has time for a slow append and the offered rate holds.
    var writers = Math.Max(4, rate / 40);
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
            if (measureFrom == 0 && clock.Elapsed > warmUp) Interlocked.CompareExchange(ref measureFrom, Stopwatch.GetTimestamp(), 0);
            var e = EventData.New(new ItemAdded($"sku-{i % 1000}", 1));
            var t0 = Stopwatch.GetTimestamp();
            started[e.EventId] = t0;
            await store.AppendAsync($"lag-{w}-{i % 500}", ExpectedVersion.Any, [e], ct: ct);
            if (t0 >= Volatile.Read(ref measureFrom) && measureFrom != 0) appendLatency.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
    }, ct)));
    await Task.Delay(1000, ct); // let the last events land
    await daemon.StopAsync(CancellationToken.None);
    daemon.Dispose();
    var appended = started.Count;
    results.Add(("steady write load", $"{appended / clock.Elapsed.TotalSeconds:N0} events/s by {writers} writers for {lagSeconds}s after {warmUp.TotalSeconds:N0}s warm-up{(behind > 0 ? $" ({behind} appends started >50 ms late)" : "")}"));
    var appendSorted = appendLatency.Order().ToArray();
    if (appendSorted.Length > 0)
        results.Add(("append call (part of the lag)", $"p50 {Percentile(appendSorted, 0.50):N1} ms, p99 {Percentile(appendSorted, 0.99):N1} ms"));
    foreach (var (name, bag) in lags.OrderBy(kv => kv.Key))
    {
        var sorted = bag.Order().ToArray();
        if (sorted.Length == 0) continue;
        results.Add(($"lag {name}", $"p50 {Percentile(sorted, 0.50):N1} ms, p99 {Percentile(sorted, 0.99):N1} ms, max {sorted[^1]:N1} ms over {sorted.Length:N0} events"));
    }
}

// Builds one projection from position 0 in a daemon of its own and times it until every event is applied.
async Task<TimeSpan> RebuildAsync(Projection projection)
{
    var applied = 0L;
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var options = new ProjectionOptions
    {
        NodeName = "bench",
        BatchSize = batch,
        BatchCommitted = (_, _, e) =>
        {
            if (Interlocked.Add(ref applied, e.Count) >= events) done.TrySetResult();
        },
    };
    await using var daemonStore = new PostgresEventStore(dataSource, types, storeOptions);
    var catalog = new ProjectionCatalog(daemonStore, new ProjectionRegistry().Add(projection), options);
    await catalog.PrepareAsync(ct);
    var daemon = new ProjectionDaemon(catalog);
    var clock = Stopwatch.StartNew();
    await daemon.StartAsync(ct);
    await done.Task.WaitAsync(ct);
    var elapsed = clock.Elapsed;
    await daemon.StopAsync(CancellationToken.None);
    daemon.Dispose();
    Console.WriteLine($"  {projection.Name}: {elapsed.TotalSeconds:N1} s");
    return elapsed;
}

static string Rate(int count, TimeSpan elapsed) =>
    $"{count / elapsed.TotalSeconds,10:N0} events/s ({elapsed.TotalSeconds:N1} s)";

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

string? StringArg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record ItemAdded(string Sku, int Quantity);
internal sealed record Note(string Text);
