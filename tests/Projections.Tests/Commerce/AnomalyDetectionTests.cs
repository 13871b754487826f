using System.Globalization;
using Es.Domain;
using Es.Ingest.Generation;
using Es.Projections.Commerce;
using Xunit.Abstractions;

namespace Es.Projections.Tests.Commerce;

/// <summary>
/// The rules over a generated month of sales and orders with labelled injected anomalies: precision
/// and recall per rule (printed; docs/anomalies.md has the figures), each rule catching its injected
/// cases and flagging under 1 % of the clean ones; and a rebuild giving the live build's rows exactly.
/// </summary>
public sealed class AnomalyDetectionTests(CommerceDb db, ITestOutputHelper output) : IClassFixture<CommerceDb>
{
    public static readonly GeneratorOptions Generated = new()
    {
        Seed = 7, Days = 28, Merchants = 30, Restaurants = 8, Customers = 3_000, SalesPerDay = 1_500, OrdersPerDay = 150, AnomalyShare = 0.01,
    };

    private static readonly Dictionary<AnomalyKind, string> RuleOf = new()
    {
        [AnomalyKind.DuplicateSale] = AnomalyProjection.Rules.DuplicateSale,
        [AnomalyKind.AmountOutlier] = AnomalyProjection.Rules.AmountOutlier,
        [AnomalyKind.RefundOverRemaining] = AnomalyProjection.Rules.RefundOverRemaining,
        [AnomalyKind.TicketShift] = AnomalyProjection.Rules.TicketShift,
        [AnomalyKind.RepeatedAmount] = AnomalyProjection.Rules.RepeatedAmount,
        [AnomalyKind.ImplausibleDelivery] = AnomalyProjection.Rules.ImplausibleDelivery,
    };

    [Fact]
    public async Task Every_rule_catches_its_injected_anomalies_flags_under_one_percent_of_the_clean_cases_and_a_rebuild_gives_the_same_rows()
    {
        var generated = new CommerceGenerator(Generated).Generate().ToList();
        var labels = generated.Where(g => g.Label is not null).Select(g => g.Label!).ToList();
        var log = await db.AppendAsync(generated.Select(g => g.Command), bulk: true);
        var node = await db.StartNodeAsync(await db.ProjectionAsync(), batchSize: 5_000);
        await CommerceDb.WaitCaughtUpAsync(node, TimeSpan.FromMinutes(5));
        var flags = await db.FlagsAsync();

        var sales = log.Where(l => l.Event is SaleRecorded).Select(l => ((SaleRecorded)l.Event).SaleId.ToString()).ToList();
        var deliveries = log.Where(l => l.Event is OrderDelivered).Select(l => ((OrderDelivered)l.Event).OrderId.ToString()).ToList();
        var judgedDays = (await db.RowsAsync("SELECT merchant_id || ':' || to_char(day, 'YYYY-MM-DD') FROM {schema}.anomaly_ticket_days WHERE ratio IS NOT NULL")).ToList();
        var involved = labels.SelectMany(l => l.Ids.Select(id => id.ToString())).ToHashSet();
        var refusals = log.Count(l => l.Event is SaleRefundRefused);

        output.WriteLine($"generated: {sales.Count:N0} sales, {deliveries.Count:N0} deliveries, {log.Count:N0} events, {labels.Count} labelled anomalies, {refusals} refused refunds");
        output.WriteLine("rule                   injected  flagged  caught  precision  recall  clean flagged");
        foreach (var (kind, rule) in RuleOf)
        {
            var injected = labels.Where(l => l.Kind == kind).ToList();
            var mine = flags.Where(f => f.Rule == rule).ToList();
            // A label is caught when a flag of its rule names one of its ids (or its merchant-day).
            var subjectsOf = injected.Select(l => kind == AnomalyKind.TicketShift
                ? new HashSet<string> { $"{l.MerchantId}:{l.Day:yyyy-MM-dd}" }
                : l.Ids.Select(id => id.ToString()).ToHashSet()).ToList();
            var caught = subjectsOf.Count(s => mine.Any(f => s.Contains(f.Subject)));
            var truePositives = mine.Count(f => subjectsOf.Any(s => s.Contains(f.Subject)));
            var (cleanFlagged, cleanCases) = kind switch
            {
                AnomalyKind.TicketShift => (mine.Count(f => !subjectsOf.Any(s => s.Contains(f.Subject))), judgedDays.Count(d => !subjectsOf.Any(s => s.Contains(d)))),
                AnomalyKind.ImplausibleDelivery => (mine.Count(f => !involved.Contains(f.Subject)), deliveries.Count(d => !involved.Contains(d))),
                _ => (mine.Count(f => !involved.Contains(f.Subject)), sales.Count(s => !involved.Contains(s))),
            };
            var precision = mine.Count == 0 ? 1 : (double)truePositives / mine.Count;
            var recall = injected.Count == 0 ? 1 : (double)caught / injected.Count;
            var cleanShare = (double)cleanFlagged / cleanCases;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rule,-22} {injected.Count,8} {mine.Count,8} {caught,7} {precision,10:P1} {recall,7:P1}  {cleanFlagged}/{cleanCases} = {cleanShare:P3}"));

            Assert.True(injected.Count >= 3, $"{rule}: only {injected.Count} injected");
            Assert.True(recall == 1, $"{rule}: caught {caught} of {injected.Count}");
            Assert.True(cleanShare < 0.01, $"{rule}: flagged {cleanFlagged} of {cleanCases} clean cases");
        }

        // Rebuilt from the log in other pages, the tables come out row for row the same.
        string[] tables = ["anomaly_flags ORDER BY seq, rule", "anomaly_ticket_days ORDER BY merchant_id, day", "anomaly_sales ORDER BY seq", "anomaly_orders ORDER BY order_id"];
        var live = new List<List<string>>();
        foreach (var t in tables) live.Add(await db.RowsAsync($"SELECT * FROM {{schema}}.{t}"));
        var generation = await node.Catalog.RebuildAsync(AnomalyProjection.ProjectionName);
        await EngineFixture.WaitUntilAsync(async () => (await node.Catalog.GetStatusAsync(AnomalyProjection.ProjectionName)) is [{ IsCurrent: true } s] && s.Generation == generation,
            TimeSpan.FromMinutes(5), "the rebuild is swapped in");
        for (var i = 0; i < tables.Length; i++)
            Assert.Equal(live[i], await db.RowsAsync($"SELECT * FROM {{schema}}.{tables[i]}"));
        Assert.NotEmpty(live[0]);
    }

    [Fact]
    public void The_generator_gives_the_same_commands_for_the_same_seed_and_others_for_another()
    {
        string Text(int seed) => string.Join('\n', new CommerceGenerator(new GeneratorOptions { Seed = seed, Days = 3, Merchants = 5, Restaurants = 2, Customers = 50, SalesPerDay = 200, OrdersPerDay = 40 })
            .Generate().Select(g => $"{g.At:O} {g.Command} {g.Label}"));
        Assert.Equal(Text(3), Text(3));
        Assert.NotEqual(Text(3), Text(4));
    }

    [Fact]
    public void Generated_commands_come_in_time_order_with_merchants_first_and_weekends_busier_than_mondays()
    {
        var generated = new CommerceGenerator(Generated).Generate().ToList();
        for (var i = 1; i < generated.Count; i++)
            Assert.True(generated[i].At >= generated[i - 1].At, $"command {i} goes back in time");
        Assert.All(generated.Take(Generated.Merchants + Generated.Restaurants), g => Assert.IsType<RegisterMerchant>(g.Command));
        var byWeekday = generated.Select(g => g.Command).OfType<RecordSale>().GroupBy(s => s.ApprovedAt.ToOffset(TimeSpan.FromHours(9)).DayOfWeek).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byWeekday[DayOfWeek.Saturday] > byWeekday[DayOfWeek.Monday] * 1.2, "Saturday is not busier than Monday");
        // Skewed sizes: the biggest merchant sells more than the ten smallest together.
        var byMerchant = generated.Select(g => g.Command).OfType<RecordSale>().GroupBy(s => s.MerchantId).Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(byMerchant[0] > byMerchant.TakeLast(10).Sum());
        // Customers come back: most sales are by cards that bought at that merchant before.
        var seen = new HashSet<(string, string)>();
        var returning = generated.Select(g => g.Command).OfType<RecordSale>().Count(s => !seen.Add((s.MerchantId, s.CustomerToken)));
        Assert.True(returning > byMerchant.Sum() / 2, $"only {returning} of {byMerchant.Sum()} sales by returning customers");
    }
}
