// The commerce analytics benchmark (issue 13). Prints figures; it asserts nothing.
//   dotnet run -c Release --project bench/Commerce.Bench [-- --events 1000000 --customers 100000 --seed 13 --iterations 200 --keep]
// Phases: generate a deterministic year of sales and orders (Shoppers.cs) and load it with the event
// store's bulk append into a fresh schema; for each commerce projection: a raw read of its pages (the
// rebuild runner's page query, its event types, its batch size: the ceiling), then a rebuild by the
// rebuild runner timed until swapped in; then p50/p99 of its queries, called in process on the host's
// own reader over the same NpgsqlDataSource and ProjectionCatalog the host gives it.
using System.Diagnostics;
using System.Globalization;
using Es.Api.Commerce;
using Es.Bench;
using Es.Commerce.Bench;
using Es.Domain;
using Es.EventStore;
using Es.Projections;
using Es.Projections.Customers;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

var bench = new BenchArgs(args);
var events = bench.Int("--events", 1_000_000);
var customers = bench.Int("--customers", 100_000);
var seed = bench.Int("--seed", 13);
var iterations = bench.Int("--iterations", 200);
var querySeconds = bench.Int("--query-seconds", 120);
var batch = bench.Int("--batch", new ProjectionOptions().BatchSize);
var keep = bench.Flag("--keep");
var connectionString = BenchArgs.ConnectionString;
var schema = "es_cobench_" + Guid.NewGuid().ToString("N")[..8];
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
Projection[] projections = [new CustomerSpendProjection()];
IHost? node = null;
var generations = new Dictionary<string, long>();

try
{
    await store.MigrateAsync(ct);
    Console.WriteLine($"schema {schema}, {events:N0} events, {customers:N0} customers, seed {seed}, page {batch:N0}, {Environment.ProcessorCount} cores, load average {loadStart}");
    var shoppers = new Shoppers(seed, customers, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(365));
    var clock = Stopwatch.StartNew();
    var log = shoppers.Generate(events);
    var mix = log.GroupBy(e => DomainEvents.Of(e).Name).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}");
    Console.WriteLine($"generated in {clock.Elapsed.TotalSeconds:N1} s: {string.Join(", ", mix)}");
    await LoadAsync(log);
    log = null;
    await db.ExecAsync($"VACUUM (ANALYZE) {schema}.mt_events");

    await RawReadAsync(DomainEvents.All.Select(e => e.Name).ToArray(), 10, null); // untimed: JIT of the read path
    var (logCount, _) = await RawReadAsync(DomainEvents.All.Select(e => e.Name).ToArray(), int.MaxValue, "raw read, whole log (every type)");
    foreach (var p in projections)
    {
        var (handled, rawRate) = await RawReadAsync(p.EventTypes.ToArray(), int.MaxValue, $"raw read, {p.Name}'s types");
        var (one, catalog, generation, elapsed) = await BenchNode.RebuildAsync(connectionString, schema, "cobench", batch, [p], p.Name, ct);
        generations[p.Name] = generation;
        results.Add(($"rebuild {p.Name} ({handled:N0} of its events)",
            $"{handled / elapsed.TotalSeconds,9:N0} its events/s, {logCount / elapsed.TotalSeconds,9:N0} log events/s ({elapsed.TotalSeconds:N1} s; "
            + $"{handled / elapsed.TotalSeconds / rawRate:P0} of its raw read)"));
        Console.WriteLine($"  {p.Name} g{generation}: {await BenchNode.RowCountsAsync(db, catalog, p)}");
        await BenchNode.StopAsync(one);
    }
    node = BenchNode.Build(connectionString, schema, "cobench", batch, projections);
    await node.StartAsync(ct);
    foreach (var table in projections[0].Tables) await db.ExecAsync($"ANALYZE {schema}.{table.Name}_g{generations["customer_spend"]}");
    await QueriesAsync(node.Services.GetRequiredService<ProjectionCatalog>());
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

async Task QueriesAsync(ProjectionCatalog catalog)
{
    var quintiles = new CustomerQuintiles(dataSource, catalog);
    var reads = new CustomerReads(dataSource, catalog, quintiles);
    var asOf = (await reads.LatestPurchaseAsync(ct))!.Value;
    var scored = await db.ScalarAsync($"SELECT count(*) FROM {catalog.ViewName(CustomerSpendProjection.Spend)} WHERE orders > 0 AND currency = 'GBP'");
    Console.WriteLine($"customer_spend: {scored:N0} GBP customers with a purchase, as of {asOf:u}");
    results.Add(("floor: SELECT 1 round trip", await TimeAsync(iterations, async _ =>
    {
        await using var cmd = dataSource.CreateCommand("SELECT 1");
        await cmd.ExecuteScalarAsync(ct);
        return 1;
    })));
    // What a read pays once after each page the projection applies: the cut points of every currency.
    results.Add(("RFM cut points, computed afresh (every currency)", await TimeAsync(Math.Min(iterations, 20), async _ =>
    {
        quintiles.Forget();
        return (await quintiles.CutsAsync(ct)).Count;
    })));
    results.Add(($"topCustomers(first: 100, GBP) over {scored:N0} customers", await TimeAsync(iterations, async _ => (await reads.TopAsync("GBP", asOf, 100, ct)).Count)));
    results.Add(("customerSegments (every currency)", await TimeAsync(iterations, async _ => (await reads.SegmentsAsync(null, asOf, ct)).Count)));
    // A new asOf each call: the counts are worked out again (the cut points are the same state's).
    results.Add(("customerSegments, a new asOf each call (counted afresh)", await TimeAsync(iterations, async i =>
        (await reads.SegmentsAsync(null, asOf.AddSeconds(1 + i), ct)).Count)));
    results.Add(("customer(token) profile, 50 customers in turn", await TimeAsync(iterations, async i =>
        (await reads.CustomerAsync($"cust-{i % 50 * 997:D6}", asOf, ct)).Count)));
}

async Task LoadAsync(List<DomainEvent> log)
{
    var elapsed = await BenchLog.LoadInStreamsOfTenAsync(store, log, ct);
    results.Add(("load (bulk append, COPY)", $"{log.Count / elapsed.TotalSeconds,9:N0} events/s ({elapsed.TotalSeconds:N1} s)"));
}

// Sequential calls after 10 untimed ones, each query stopping at its count or after --query-seconds.
Task<string> TimeAsync(int count, Func<int, Task<int>> call) => Latency.TimeAsync(count, call, querySeconds);

async Task<(long Seen, double Rate)> RawReadAsync(string[] eventTypes, int pages, string? what)
{
    var (seen, rate, elapsed) = await BenchLog.RawReadAsync(dataSource, db, schema, BenchNode.StoredNames(eventTypes), batch, pages, ct);
    if (what is not null) results.Add(($"{what} ({seen:N0} events)", $"{rate,9:N0} events/s ({elapsed.TotalSeconds:N1} s)"));
    return (seen, rate);
}
