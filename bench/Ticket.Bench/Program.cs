// The average-ticket and restaurant-performance benchmark (issue 13). Prints figures; it asserts nothing.
//   dotnet run -c Release --project bench/Ticket.Bench [-- --events 1000000 --seed 13 --iterations 1000]
// Phases: generate a deterministic log of merchants, sales (refunds, cancellations) and delivery orders
// (pick-up, delivery, cancellation, ratings) with a seeded Random, bulk-append it (Marten's COPY) into a
// fresh schema; for each projection, a raw read of its pages (RawLogPages: the rebuild runner's page
// query, its event types, its batch size: the ceiling) then a rebuild by the rebuild runner timed until
// swapped in; then p50/p99 of MerchantReads.TicketAsync for 30 days of one merchant (the host's reader).
using System.Diagnostics;
using System.Globalization;
using Es.Api.Commerce;
using Es.Bench;
using Es.Domain;
using Es.EventStore;
using Es.Projections;
using Es.Projections.Commerce;
using Es.Projections.Rebuilds;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

var bench = new BenchArgs(args);
var events = bench.Int("--events", 1_000_000);
var seed = bench.Int("--seed", 13);
var iterations = bench.Int("--iterations", 1000);
var merchants = bench.Int("--merchants", 1_000);
var restaurants = bench.Int("--restaurants", 500);
var batch = bench.Int("--batch", new ProjectionOptions().BatchSize);
var connectionString = BenchArgs.ConnectionString;
var schema = "es_ticketbench_" + Guid.NewGuid().ToString("N")[..8];
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
Projection[] projections = [new AverageTicketProjection(), new RestaurantPerformanceProjection()];
var start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
const int Days = 180;
string[] zones = ["Asia/Seoul", "America/Sao_Paulo", "Europe/Lisbon", "America/New_York", "Asia/Tokyo"];
string[] platforms = ["pos", "online", "app"];
string[] cuisines = ["Korean", "Japanese", "Italian", "Mexican", "Indian", "American", "Thai"];

try
{
    await store.MigrateAsync(ct);
    Console.WriteLine($"schema {schema}, {events:N0} events, {merchants:N0} merchants, {restaurants:N0} restaurants, seed {seed}, page {batch:N0}, "
        + $"{Environment.ProcessorCount} cores, load average {loadStart}");
    var clock = Stopwatch.StartNew();
    var log = Generate();
    Console.WriteLine($"generated in {clock.Elapsed.TotalSeconds:N1} s: "
        + string.Join(", ", log.GroupBy(e => DomainEvents.Of(e).Name).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}")));
    await LoadAsync(log);
    log = null;
    await db.ExecAsync($"VACUUM (ANALYZE) {schema}.mt_events");

    await RawReadAsync(DomainEvents.All.Select(e => e.Name).ToArray(), 10, null); // untimed: JIT of the read path
    var (logCount, _) = await RawReadAsync(DomainEvents.All.Select(e => e.Name).ToArray(), int.MaxValue, "raw read, whole log (every type)");
    IHost? node = null;
    foreach (var p in projections)
    {
        var (handled, rawRate) = await RawReadAsync(p.EventTypes.ToArray(), int.MaxValue, $"raw read, {p.Name}'s types");
        var (one, catalog, generation, elapsed) = await BenchNode.RebuildAsync(connectionString, schema, "ticketbench", batch, [p], p.Name, ct);
        results.Add(($"rebuild {p.Name} ({handled:N0} of its events)",
            $"{handled / elapsed.TotalSeconds,9:N0} its events/s ({elapsed.TotalSeconds:N1} s; {handled / elapsed.TotalSeconds / rawRate:P0} of its raw read)"));
        Console.WriteLine($"  {p.Name} g{generation}: {await BenchNode.RowCountsAsync(db, catalog, p)}");
        if (p is AverageTicketProjection) node = one;
        else await BenchNode.StopAsync(one);
    }

    // "Daily average ticket of merchant M for the last 30 days", M in turn over 100 merchants, all platforms.
    var reads = new MerchantReads(dataSource, node!.Services.GetRequiredService<ProjectionCatalog>());
    var to = DateOnly.FromDateTime(start.AddDays(Days - 1).UtcDateTime);
    var floor = await TimeAsync(iterations, async _ => { await using var cmd = dataSource.CreateCommand("SELECT 1"); await cmd.ExecuteScalarAsync(ct); return 1; });
    results.Add(("floor: SELECT 1 round trip", floor));
    var ticket = await TimeAsync(iterations, async i =>
        (await reads.TicketAsync($"m-{i % 100}", to.AddDays(-29), to, null, null, TicketGranularity.Day, ct))!.Periods.Sum(p => p.Transactions));
    results.Add(("merchantAverageTicket, 30 days, all platforms", ticket));
    var week = await TimeAsync(iterations, async i =>
        (await reads.TicketAsync($"m-{i % 100}", to.AddDays(-7 * 11), to, "pos", null, TicketGranularity.Week, ct))!.Periods.Sum(p => p.Transactions));
    results.Add(("merchantAverageTicket, 12 weeks, one platform", week));
    await BenchNode.StopAsync(node);
}
finally
{
    Console.WriteLine();
    foreach (var (what, figure) in results) Console.WriteLine($"{what,-58} {figure}");
    Console.WriteLine($"load average at start {loadStart}; at end {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?")}");
    await db.ExecAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE", CancellationToken.None);
}

// Merchants and restaurants first (a few of each left unregistered: the default zone), then sales
// and orders with their follow-ups right behind them, until the count is reached. Deterministic per seed.
List<DomainEvent> Generate()
{
    var random = new Random(seed);
    var log = new List<DomainEvent>(events + 16);
    for (var m = 0; m < merchants; m++)
        if (m % 50 != 49) log.Add(new MerchantRegistered($"m-{m}", $"Merchant {m}", "retail", zones[m % zones.Length], "bench"));
    for (var r = 0; r < restaurants; r++)
        if (r % 50 != 49) log.Add(new MerchantRegistered($"r-{r}", $"Restaurant {r}", cuisines[r % cuisines.Length], zones[r % zones.Length], "bench"));
    var n = 0L;
    while (log.Count < events)
    {
        n++;
        var at = start.AddSeconds(random.NextDouble() * Days * 86_400);
        if (random.Next(2) == 0)
        {
            var id = Guid.CreateVersion7();
            var amount = new Money(Math.Round((decimal)(5 + random.NextDouble() * 195), 2), "USD");
            log.Add(new SaleRecorded(id, $"m-{Skewed(random, merchants)}", platforms[random.Next(platforms.Length)], $"tok-{random.Next(200_000)}", amount, at, $"b#{n}"));
            var roll = random.Next(100);
            if (roll < 6)
            {
                var part = new Money(Math.Round(amount.Amount / 2, 2), "USD");
                log.Add(new SaleRefunded(id, "r1", part, amount - part, at.AddHours(2), $"b#{n}r"));
            }
            else if (roll < 8) log.Add(new SaleCancelled(id, "void", at.AddMinutes(5), $"b#{n}c"));
        }
        else
        {
            var id = Guid.CreateVersion7();
            var total = Math.Round((decimal)(8 + random.NextDouble() * 60), 2);
            log.Add(new OrderPlaced(id, $"c-{random.Next(100_000)}", $"r-{Skewed(random, restaurants)}", [new OrderItem("meal", 1, total)],
                new Money(total, "USD"), "area", at, $"b#{n}"));
            if (random.Next(100) < 5) { log.Add(new OrderCancelled(id, "changed mind", at.AddMinutes(3), $"b#{n}c")); continue; }
            var picked = at.AddMinutes(10 + random.Next(25));
            var delivered = picked.AddMinutes(10 + random.Next(35));
            log.Add(new OrderPickedUp(id, picked, $"b#{n}p"));
            log.Add(new OrderDelivered(id, delivered, 2.5m, new Money(3m, "USD"), $"b#{n}d"));
            if (random.Next(2) == 0) log.Add(new OrderRated(id, 1 + random.Next(5), delivered.AddMinutes(30), $"b#{n}s"));
        }
    }
    return log;
}

// A few busy merchants and a long tail: the square of a uniform draw.
static int Skewed(Random random, int count) => (int)(Math.Pow(random.NextDouble(), 2) * count);

async Task LoadAsync(List<DomainEvent> log)
{
    var elapsed = await BenchLog.LoadInStreamsOfTenAsync(store, log, ct);
    results.Add(("load (bulk append, COPY)", $"{log.Count / elapsed.TotalSeconds,9:N0} events/s ({elapsed.TotalSeconds:N1} s)"));
}

Task<string> TimeAsync(int count, Func<int, Task<int>> call) => Latency.TimeAsync(count, call, unit: "sales");

async Task<(long Seen, double Rate)> RawReadAsync(string[] eventTypes, int pages, string? what)
{
    var (seen, rate, elapsed) = await BenchLog.RawReadAsync(dataSource, db, schema, BenchNode.StoredNames(eventTypes), batch, pages, ct);
    if (what is not null) results.Add(($"{what} ({seen:N0} events)", $"{rate,9:N0} events/s ({elapsed.TotalSeconds:N1} s)"));
    return (seen, rate);
}
