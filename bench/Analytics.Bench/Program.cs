// The community analytics benchmark (issue 12). Prints figures; it asserts nothing.
//   dotnet run -c Release --project bench/Analytics.Bench [-- --events 1000000 --members 5000 --seed 12 --iterations 500 --keep]
// Phases: generate a deterministic community log as domain events (Community.cs) and load it with
// the event store's bulk append (Marten's COPY) into a fresh schema; for each analytics projection
// (network, activity, trends, regions): a raw read of its pages (the rebuild runner's page query,
// its event types, its batch size: the ceiling), then a zero-downtime rebuild (catalog.RebuildAsync,
// RebuildRunner) timed until swapped in; then p50/p99 of the network queries, called in process on
// the host's own reader (NetworkReads over the same NpgsqlDataSource and ProjectionCatalog the host
// gives it): a member's two-hop network (typical and high degree) and a region's graph of 500 nodes.
using System.Diagnostics;
using System.Globalization;
using Es.Analytics.Bench;
using Es.Api.Network;
using Es.Bench;
using Es.Domain;
using Es.EventStore;
using Es.Projections;
using Es.Projections.Activity;
using Es.Projections.Network;
using Es.Projections.Regions;
using Es.Projections.Trends;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

var bench = new BenchArgs(args);
var events = bench.Int("--events", 1_000_000);
var members = bench.Int("--members", 5_000);
var seed = bench.Int("--seed", 12);
var iterations = bench.Int("--iterations", 500);
// Each query's timing stops at its count or after this many seconds, whichever comes first (the count made is printed).
var querySeconds = bench.Int("--query-seconds", 120);
var batch = bench.Int("--batch", new ProjectionOptions().BatchSize); // the operators' default page
var keep = bench.Flag("--keep");
var only = bench.String("--only")?.Split(',');
var connectionString = BenchArgs.ConnectionString;
// --schema NAME: a log kept by an earlier run (--keep): no load, no rebuilds, only the queries on its read models.
var reuse = bench.String("--schema");
var schema = reuse ?? "es_anbench_" + Guid.NewGuid().ToString("N")[..8];
keep |= reuse is not null;
// Bounded: a slow machine gives a slow figure or a timeout, not a hung run.
using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(bench.Int("--minutes", 40)));
var ct = budget.Token;

await using var dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=30");
var db = new BenchDb(dataSource, ct);
var types = new EventTypeRegistry();
BenchNode.RegisterDomainTypes(types);
var storeOptions = new EventStoreOptions { Schema = schema };
using var documents = DocumentStore.For(o => EsMarten.Configure(o, connectionString, types, storeOptions));
var store = new MartenEventStore(documents, dataSource, types, storeOptions);
var results = new List<(string What, string Figure)>();
var loadStart = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
Projection[] projections = [new NetworkProjection(), new ActivityProjection(), new TrendsProjection(), new RegionProjection()];
IHost? node = null;

try
{
    await store.MigrateAsync(ct);
    Console.WriteLine($"schema {schema}, {events:N0} events, {members:N0} members, seed {seed}, page {batch:N0}, {Environment.ProcessorCount} cores, "
        + $"Marten {typeof(DocumentStore).Assembly.GetName().Version}, load average {loadStart}");

    // 1. The log: generated in time order, appended in that order.
    var community = new Community(seed, members, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(182));
    if (reuse is null) await LoadAndRebuildAsync(community);
    else
    {
        node = BenchNode.Build(connectionString, schema, "anbench", batch, projections);
        await node.StartAsync(ct);
    }
    await QueriesAsync(community, node!.Services.GetRequiredService<ProjectionCatalog>());
}
finally
{
    if (node is not null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await node.StopAsync(timeout.Token);
        node.Dispose();
    }
    Console.WriteLine();
    foreach (var (what, figure) in results) Console.WriteLine($"{what,-58} {figure}");
    Console.WriteLine($"load average at start {loadStart}; at end {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?")}");
    if (!keep) await db.ExecAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE", CancellationToken.None);
    else Console.WriteLine($"kept schema {schema}");
}

async Task LoadAndRebuildAsync(Community community)
{
    var clock = Stopwatch.StartNew();
    var log = community.Generate(events);
    var generated = clock.Elapsed;
    var mix = log.GroupBy(e => DomainEvents.Of(e).Name).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}");
    Console.WriteLine($"generated in {generated.TotalSeconds:N1} s: {string.Join(", ", mix)}");
    await LoadAsync(log);
    log = null; // what remains is in PostgreSQL
    // Untimed: the first scan after a bulk load sets every row's hint bits (it writes).
    await db.ExecAsync($"VACUUM (ANALYZE) {schema}.mt_events");
    var head = await db.ScalarAsync($"SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events");
    // The bulk path must keep the generated order (a like after its post): the stream ids are in that order.
    var outOfOrder = await db.ScalarAsync($"SELECT count(*) FROM (SELECT stream_id, lag(stream_id) OVER (ORDER BY seq_id) AS prev FROM {schema}.mt_events) x WHERE prev > stream_id");
    if (outOfOrder != 0) throw new InvalidOperationException($"{outOfOrder} events landed out of the generated order");

    // 2. Each projection on a node of its own with no daemon, so that only the rebuild runner works
    // on the log and only on that projection (RunOnceAsync builds every pending build of its registry).
    // On a log the daemon has not followed yet, the first build of a projection is the rebuild
    // runner's (the bulk append records Marten's high-water mark: docs/projections.md); a later
    // `projections rebuild` runs the same BuildAsync on a new generation.
    await RawReadAsync(DomainEvents.All.Select(e => e.Name).ToArray(), 10, null); // untimed: JIT of the read path
    var (logCount, logRate) = await RawReadAsync(DomainEvents.All.Select(e => e.Name).ToArray(), int.MaxValue, "raw read, whole log (every type)");
    foreach (var p in projections)
    {
        if (only is not null && !only.Contains(p.Name)) continue;
        var (handled, rawRate) = await RawReadAsync(p.EventTypes.ToArray(), int.MaxValue, $"raw read, {p.Name}'s types");
        var (one, catalog, generation, elapsed) = await BenchNode.RebuildAsync(connectionString, schema, "anbench", batch, [p], p.Name, ct);
        results.Add(($"rebuild {p.Name} ({handled:N0} of its events)",
            $"{handled / elapsed.TotalSeconds,9:N0} its events/s, {logCount / elapsed.TotalSeconds,9:N0} log events/s ({elapsed.TotalSeconds:N1} s; "
            + $"{handled / elapsed.TotalSeconds / rawRate:P0} of its raw read)"));
        Console.WriteLine($"  {p.Name} g{generation}: {await BenchNode.RowCountsAsync(db, catalog, p)}");
        await BenchNode.StopAsync(one);
    }
    node = BenchNode.Build(connectionString, schema, "anbench", batch, projections);
    await node.StartAsync(ct);
}

// 3. Queries, in process on the host's reader, as of the end of the log.
async Task QueriesAsync(Community community, ProjectionCatalog catalog)
{
    if (only is null || only.Contains("network"))
    {
        var reads = new NetworkReads(dataSource, catalog);
        var asOf = community.End;
        var edges = catalog.ViewName(NetworkProjection.Edges);
        var degrees = new List<(Guid Member, long Degree)>();
        await using (var cmd = dataSource.CreateCommand($"""
            SELECT m, count(*) FROM (SELECT member_a AS m FROM {edges} UNION ALL SELECT member_b FROM {edges}) x GROUP BY m ORDER BY 2, 1
            """))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) degrees.Add((r.GetGuid(0), r.GetInt64(1)));
        Console.WriteLine($"network: {degrees.Count:N0} members with edges; degree median {degrees[degrees.Count / 2].Degree}, "
            + $"p90 {degrees[degrees.Count * 9 / 10].Degree}, p99 {degrees[degrees.Count * 99 / 100].Degree}, max {degrees[^1].Degree}");
        // Typical: 50 members around the median degree; high: the 50 best linked (the top 1 % of 5,000).
        var typical = degrees.Skip(degrees.Count / 2 - 25).Take(50).ToArray();
        var high = degrees.TakeLast(50).ToArray();
        var floor = await TimeAsync(iterations, async _ =>
        {
            await using var cmd = dataSource.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(ct);
            return 1;
        });
        results.Add(("floor: SELECT 1 round trip", floor));
        foreach (var (label, set) in new[] { ("typical", typical), ("high", high) })
        {
            var figure = await TimeAsync(iterations, async i =>
                (await reads.TwoHopAsync(new NetworkScope(set[i % set.Length].Member, asOf), 20, ct)).Count);
            results.Add(($"two-hop network, first 20, {label} degree ({set.Min(s => s.Degree)}–{set.Max(s => s.Degree)})", figure));
        }
        var graph = await TimeAsync(iterations, async i =>
        {
            var g = await reads.RegionAsync(Community.Regions[i % Community.Regions.Length], asOf, NetworkReads.MaxRegionGraphNodes, ct);
            return g.Nodes.Count * 1_000_000 + g.Edges.Count;
        }, decode: n => $"{n / 1_000_000} nodes, {n % 1_000_000:N0} edges");
        results.Add(($"regionGraph, limit {NetworkReads.MaxRegionGraphNodes}, 5 regions in turn", graph));
    }
}

async Task LoadAsync(List<DomainEvent> log)
{
    var elapsed = await BenchLog.LoadInStreamsOfTenAsync(store, log, ct);
    results.Add(("load (bulk append, COPY)", $"{log.Count / elapsed.TotalSeconds,9:N0} events/s ({elapsed.TotalSeconds:N1} s)"));
}

// Sequential calls after 10 untimed ones, each query stopping at its count or after --query-seconds.
Task<string> TimeAsync(int count, Func<int, Task<int>> call, Func<int, string>? decode = null) =>
    Latency.TimeAsync(count, call, querySeconds, describeLast: decode);

async Task<(long Seen, double Rate)> RawReadAsync(string[] eventTypes, int pages, string? what)
{
    var (seen, rate, elapsed) = await BenchLog.RawReadAsync(dataSource, db, schema, BenchNode.StoredNames(eventTypes), batch, pages, ct);
    if (what is not null) results.Add(($"{what} ({seen:N0} events)", $"{rate,9:N0} events/s ({elapsed.TotalSeconds:N1} s)"));
    return (seen, rate);
}
