// The anomaly projection's rebuild benchmark (issue 13). Prints figures; it asserts nothing.
//   dotnet run -c Release --project bench/Anomaly.Bench [-- --sales 1000000 --days 60 --seed 13 --keep]
// Phases: generate sales and orders with the seeded generator (CommerceGenerator), turn each command
// into the event its decider decides (the generator's commands are valid: a sale, its cancellation or
// refund — a refund above what is left becomes SaleRefundRefused), and load them with the event
// store's bulk append into a fresh schema, window by window in time order (within a window of 20,000
// events the new streams first, in order, then the events on existing streams); then a raw read of the
// projection's pages (the rebuild runner's page query, its event types, its batch size: the ceiling)
// and a zero-downtime rebuild (catalog.RebuildAsync, RebuildRunner) timed until swapped in; then the
// same for sales_search, and p50/p99 of sales searches through the host's reader (SalesSearchReads).
using System.Diagnostics;
using System.Globalization;
using Es.Api.Commerce;
using Es.Api.Schema;
using Es.Bench;
using Es.Domain;
using Es.EventStore;
using Es.Ingest.Generation;
using Es.Projections;
using Es.Projections.Commerce;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

var bench = new BenchArgs(args);
var sales = bench.Int("--sales", 1_000_000);
var days = bench.Int("--days", 60);
var seed = bench.Int("--seed", 13);
var batch = bench.Int("--batch", new ProjectionOptions().BatchSize);
var keep = bench.Flag("--keep");
var connectionString = BenchArgs.ConnectionString;
var schema = "es_anombench_" + Guid.NewGuid().ToString("N")[..8];
using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(bench.Int("--minutes", 60)));
var ct = budget.Token;

await using var dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=30");
var db = new BenchDb(dataSource, ct);
var types = new EventTypeRegistry();
BenchNode.RegisterDomainTypes(types);
var storeOptions = new EventStoreOptions { Schema = schema };
using var documents = DocumentStore.For(o => EsMarten.Configure(o, connectionString, types, storeOptions));
var store = new MartenEventStore(documents, dataSource, types, storeOptions);
var results = new List<(string What, string Figure)>();
string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
var loadStart = Load();
var projection = new AnomalyProjection(new AnomalyOptions(), 1);

try
{
    await store.MigrateAsync(ct);
    Console.WriteLine($"schema {schema}, {sales:N0} sales over {days} days, seed {seed}, page {batch:N0}, {Environment.ProcessorCount} cores, load average {loadStart}");
    var clock = Stopwatch.StartNew();
    var generator = new CommerceGenerator(new GeneratorOptions
    {
        Seed = seed, Days = days, Merchants = 200, Restaurants = 20, Customers = 50_000,
        SalesPerDay = sales / days, OrdersPerDay = 300, AnomalyShare = 0.01,
    });
    var log = ToEvents(generator.Generate().Select(g => g.Command)).ToList();
    Console.WriteLine($"generated in {clock.Elapsed.TotalSeconds:N1} s: "
        + string.Join(", ", log.GroupBy(e => DomainEvents.Of(e.Event).Name).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}")));
    await LoadAsync(log);
    log = null;
    await db.ExecAsync($"VACUUM (ANALYZE) {schema}.mt_events");

    var handledTypes = projection.EventTypes.ToArray();
    await RawReadAsync(handledTypes, 10, null); // untimed: JIT of the read path
    var (handled, rawRate) = await RawReadAsync(handledTypes, int.MaxValue, "raw read, the anomaly projection's types");
    var (node, catalog, _, elapsed) = await BenchNode.RebuildAsync(connectionString, schema, "anombench", batch, [projection], projection.Name, ct);
    results.Add(($"rebuild anomalies ({handled:N0} events)",
        $"{handled / elapsed.TotalSeconds,9:N0} events/s ({elapsed.TotalSeconds:N1} s; {handled / elapsed.TotalSeconds / rawRate:P1} of the raw read)"));
    await using (var cmd = dataSource.CreateCommand($"SELECT rule, count(*) FROM {catalog.ViewName(AnomalyProjection.Flags)} GROUP BY rule ORDER BY rule"))
    await using (var r = await cmd.ExecuteReaderAsync(ct))
        while (await r.ReadAsync(ct)) results.Add(($"  flags {r.GetString(0)}", $"{r.GetInt64(1),9:N0}"));
    await BenchNode.StopAsync(node);

    // Sales search over the same sales: its rebuild beside its raw read, then the searches' p50/p99
    // through the host's reader (PostgreSQL; "flagged" joins the anomaly flags just built).
    var search = new SalesSearchProjection();
    var (searchHandled, searchRaw) = await RawReadAsync(search.EventTypes.ToArray(), int.MaxValue, "raw read, sales_search's types");
    var (searchNode, searchCatalog, searchGeneration, searchElapsed) =
        await BenchNode.RebuildAsync(connectionString, schema, "anombench", batch, [projection, search], search.Name, ct);
    results.Add(($"rebuild sales_search ({searchHandled:N0} events)",
        $"{searchHandled / searchElapsed.TotalSeconds,9:N0} events/s ({searchElapsed.TotalSeconds:N1} s; {searchHandled / searchElapsed.TotalSeconds / searchRaw:P1} of the raw read)"));
    await db.ExecAsync($"VACUUM (ANALYZE) {searchCatalog.TableName(SalesSearchProjection.Sales, searchGeneration)}");

    var reads = new SalesSearchReads(dataSource, searchCatalog);
    var salesView = searchCatalog.ViewName(SalesSearchProjection.Sales);
    async Task<string> TextAsync(string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }
    var busiest = await TextAsync($"SELECT merchant_id FROM {salesView} GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
    var suffix = await TextAsync($"SELECT right(card_token, 4) FROM {salesView} ORDER BY sale_id LIMIT 1");
    var nameWord = await TextAsync($"SELECT split_part(name, ' ', 1) FROM {searchCatalog.ViewName(SalesSearchProjection.Merchants)} ORDER BY merchant_id LIMIT 1");
    var newest = await db.ScalarAsync($"SELECT extract(epoch FROM max(approved_at))::bigint FROM {salesView}");
    var lastWeek = DateTimeOffset.FromUnixTimeSeconds(newest).AddDays(-7);
    var first20 = new PageRequest(20, null);
    var searches = new (string What, SalesFilter Filter)[]
    {
        ("newest 20 sales, no filter", new SalesFilter()),
        ($"one merchant ({busiest}, the busiest)", new SalesFilter { MerchantId = busiest }),
        ($"card token suffix \"{suffix}\"", new SalesFilter { CardSuffix = suffix }),
        ("amount 100–120 in the last 7 days", new SalesFilter { MinAmount = 100, MaxAmount = 120, From = lastWeek }),
        ($"merchant name \"{nameWord}\" (free text)", new SalesFilter { MerchantName = nameWord }),
        ("flagged by an anomaly rule", new SalesFilter { Flagged = true }),
        ("refunded, one merchant", new SalesFilter { MerchantId = busiest, Status = "refunded" }),
    };
    results.Add(($"floor: SELECT 1 round trip", await Latency.TimeAsync(200, async _ =>
    {
        await using var cmd = dataSource.CreateCommand("SELECT 1");
        await cmd.ExecuteScalarAsync(ct);
        return 1;
    })));
    foreach (var (what, filter) in searches)
        results.Add(($"salesSearch: {what}", await Latency.TimeAsync(200, async _ => (await reads.SearchAsync(filter, first20, ct)).Edges.Count)));
    await BenchNode.StopAsync(searchNode);
}
finally
{
    Console.WriteLine();
    foreach (var (what, figure) in results) Console.WriteLine($"{what,-58} {figure}");
    Console.WriteLine($"load average at start {loadStart}; at end {Load()}");
    if (!keep) await db.ExecAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE", CancellationToken.None);
    else Console.WriteLine($"kept schema {schema}");
}

// What each decider decides for the generator's (valid) commands; only refunds need the sale's state.
static IEnumerable<(string Stream, DomainEvent Event)> ToEvents(IEnumerable<Command> commands)
{
    var left = new Dictionary<Guid, decimal>();
    foreach (var c in commands)
        switch (c)
        {
            case RegisterMerchant m: yield return (Merchant.StreamId(m.MerchantId), new MerchantRegistered(m.MerchantId, m.Name, m.Category, m.TimeZone, m.SourceId)); break;
            case RecordSale s:
                left[s.SaleId] = s.Amount.Amount;
                yield return (Sale.StreamId(s.SaleId), new SaleRecorded(s.SaleId, s.MerchantId, s.Platform, s.CustomerToken, s.Amount, s.ApprovedAt, s.SourceId));
                break;
            case CancelSale s: yield return (Sale.StreamId(s.SaleId), new SaleCancelled(s.SaleId, s.Reason, s.CancelledAt, s.SourceId)); break;
            case RefundSale s:
                var remaining = left[s.SaleId];
                if (s.Amount.Amount > remaining)
                    yield return (Sale.StreamId(s.SaleId), new SaleRefundRefused(s.SaleId, s.RefundId, s.Amount, new Money(remaining, s.Amount.Currency),
                        remaining == 0 ? Sale.Reasons.FullyRefunded : Sale.Reasons.ExceedsRemaining, s.RefundedAt, s.SourceId));
                else
                {
                    left[s.SaleId] = remaining - s.Amount.Amount;
                    yield return (Sale.StreamId(s.SaleId), new SaleRefunded(s.SaleId, s.RefundId, s.Amount, new Money(remaining - s.Amount.Amount, s.Amount.Currency), s.RefundedAt, s.SourceId));
                }
                break;
            case PlaceOrder o: yield return (Order.StreamId(o.OrderId), new OrderPlaced(o.OrderId, o.CustomerToken, o.RestaurantId, o.Items, o.Total, o.AddressArea, o.PlacedAt, o.SourceId)); break;
            case PickUpOrder o: yield return (Order.StreamId(o.OrderId), new OrderPickedUp(o.OrderId, o.PickedUpAt, o.SourceId)); break;
            case DeliverOrder o: yield return (Order.StreamId(o.OrderId), new OrderDelivered(o.OrderId, o.DeliveredAt, o.DistanceKm, o.Fee, o.SourceId)); break;
            case CancelOrder o: yield return (Order.StreamId(o.OrderId), new OrderCancelled(o.OrderId, o.Reason, o.CancelledAt, o.SourceId)); break;
            case RateOrder o: yield return (Order.StreamId(o.OrderId), new OrderRated(o.OrderId, o.Rating, o.RatedAt, o.SourceId)); break;
        }
}

async Task LoadAsync(List<(string Stream, DomainEvent Event)> log)
{
    var load = Stopwatch.StartNew();
    var known = new HashSet<string>(StringComparer.Ordinal);
    foreach (var window in log.Chunk(20_000))
    {
        var fresh = new List<StreamAppend>();
        var later = new List<(string Stream, DomainEvent Event)>();
        foreach (var (stream, e) in window)
            if (known.Add(stream)) fresh.Add(new StreamAppend(stream, ExpectedVersion.NoStream, [EventData.New(e)]));
            else later.Add((stream, e));
        if (fresh.Count > 0) await store.AppendManyAsync(fresh, ct);
        // Events on existing streams: one session per set of distinct streams, in order.
        while (later.Count > 0)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var now = later.Where(l => seen.Add(l.Stream)).ToList();
            var nowSet = new HashSet<(string, DomainEvent)>(now);
            later = later.Where(l => !nowSet.Contains(l)).ToList();
            await store.AppendManyAsync(now.Select(l => new StreamAppend(l.Stream, ExpectedVersion.Any, [EventData.New(l.Event)])).ToList(), ct);
        }
    }
    results.Add(("load (bulk append)", $"{log.Count / load.Elapsed.TotalSeconds,9:N0} events/s ({log.Count:N0} events, {load.Elapsed.TotalSeconds:N1} s)"));
}

async Task<(long Seen, double Rate)> RawReadAsync(string[] eventTypes, int pages, string? what)
{
    var (seen, rate, elapsed) = await BenchLog.RawReadAsync(dataSource, db, schema, BenchNode.StoredNames(eventTypes), batch, pages, ct);
    if (what is not null) results.Add(($"{what} ({seen:N0} events)", $"{rate,9:N0} events/s ({elapsed.TotalSeconds:N1} s)"));
    return (seen, rate);
}
