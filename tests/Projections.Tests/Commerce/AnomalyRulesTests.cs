using Es.Domain;
using Es.Projections.Commerce;

namespace Es.Projections.Tests.Commerce;

/// <summary>
/// Each rule on sales built by hand, with the expected flags worked out here from the figures
/// (docs/anomalies.md). The merchant is in Seoul (UTC+9): local days are Seoul days.
/// </summary>
public sealed class AnomalyRulesTests(CommerceDb db) : IClassFixture<CommerceDb>
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    internal static DateTimeOffset At(int day, int hour, int minute = 0, int second = 0) =>
        new DateTimeOffset(2026, 3, day, hour, minute, second, Seoul);

    internal static RecordSale Sale(Guid id, string merchant, string card, decimal amount, DateTimeOffset at) =>
        new(id, merchant, "pos", card, new Money(amount, "USD"), at, $"test:{id}");

    internal static RegisterMerchant Merchant(string id) => new(id, "Shop " + id, "grocery", "Asia/Seoul", $"test:{id}");

    internal static long SeqOf(List<(string Stream, DomainEvent Event, long Sequence)> log, Guid saleId, Type? type = null) =>
        log.Single(l => l.Stream == Es.Domain.Sale.StreamId(saleId) && (type is null ? l.Event is SaleRecorded : l.Event.GetType() == type)).Sequence;

    [Fact]
    public async Task Duplicate_sale_is_the_same_card_merchant_and_amount_within_two_minutes_and_a_sale_cancelled_before_does_not_count()
    {
        var ids = Enumerable.Range(0, 9).Select(_ => Guid.NewGuid()).ToArray();
        var commands = new List<Command>
        {
            Merchant("dup-m"),
            Sale(ids[0], "dup-m", "card-a", 10.00m, At(2, 12, 0, 0)),
            Sale(ids[1], "dup-m", "card-a", 10.01m, At(2, 12, 0, 10)),  // another amount
            Sale(ids[2], "dup-m", "card-b", 10.00m, At(2, 12, 0, 30)),  // another card
            Sale(ids[3], "dup-m", "card-a", 10.00m, At(2, 12, 1, 30)),  // 90 s after ids[0]: the duplicate
            Sale(ids[4], "dup-m", "card-a", 10.00m, At(2, 12, 5, 0)),   // 210 s after ids[3]: outside the window
            Sale(ids[5], "dup-m", "card-c", 20.00m, At(2, 13, 0, 0)),
            new CancelSale(ids[5], "wrong amount keyed", At(2, 13, 0, 30), "test:cancel"),
            Sale(ids[6], "dup-m", "card-c", 20.00m, At(2, 13, 1, 0)),   // the first was cancelled before: no duplicate
        };
        var log = await db.AppendAsync(commands);
        await using var node = await db.StartNodeAsync(await db.ProjectionAsync(), node: "dup");
        await CommerceDb.WaitCaughtUpAsync(node);
        var flags = (await db.FlagsAsync()).Where(f => f.MerchantId == "dup-m").ToList();

        var flag = Assert.Single(flags);
        Assert.Equal(AnomalyProjection.Rules.DuplicateSale, flag.Rule);
        Assert.Equal(ids[3].ToString(), flag.Subject);
        Assert.Equal([SeqOf(log, ids[0]), SeqOf(log, ids[3])], flag.Events);
        Assert.Equal(90, flag.Score);
        Assert.Contains("90 s apart", flag.Reason);
        Assert.Equal(new DateOnly(2026, 3, 2), flag.Day);
    }

    [Fact]
    public async Task Amount_outlier_is_a_robust_z_above_the_threshold_over_the_merchants_previous_sales_and_needs_twenty_of_them()
    {
        var commands = new List<Command> { Merchant("out-m") };
        // 20 sales of 10, 11, ..., 29, one every 10 minutes, each on its own card.
        var history = Enumerable.Range(10, 20).Select(a => (decimal)a).ToList();
        var ids = new List<Guid>();
        for (var i = 0; i < history.Count; i++)
        {
            ids.Add(Guid.NewGuid());
            commands.Add(Sale(ids[^1], "out-m", $"card-{i}", history[i], At(3, 8).AddMinutes(10 * i)));
        }
        var big = Guid.NewGuid();
        var seventy = Guid.NewGuid();
        commands.Add(Sale(big, "out-m", "card-big", 100m, At(3, 12)));
        commands.Add(Sale(seventy, "out-m", "card-70", 70m, At(3, 12, 30)));
        var log = await db.AppendAsync(commands);
        await using var node = await db.StartNodeAsync(await db.ProjectionAsync(), node: "out");
        await CommerceDb.WaitCaughtUpAsync(node);
        var flags = (await db.FlagsAsync()).Where(f => f.MerchantId == "out-m").ToList();

        // The sale of 100 against 10..29: median (19 + 20) / 2 = 19.5; the deviations 0.5, 1.5, ..., 9.5
        // each twice: their median (4.5 + 5.5) / 2 = 5; z = |100 - 19.5| / (1.4826 * 5) = 10.86 > 8.
        var (median, mad) = (19.5, 5.0);
        Assert.Equal(median, Median(history.Select(a => (double)a)));
        Assert.Equal(mad, Median(history.Select(a => Math.Abs((double)a - median))));
        var z = Math.Abs(100 - median) / (1.4826 * mad);
        // The sale of 70 against 10..29 and 100: median 20, deviations 0, 1, 1, ..., 9, 9, 10, 80:
        // median 5; z = 50 / 7.413 = 6.74 < 8, not flagged.
        var after = history.Select(a => (double)a).Append(100).ToList();
        Assert.Equal(20, Median(after));
        Assert.Equal(5, Median(after.Select(a => Math.Abs(a - 20))));
        Assert.True(50 / (1.4826 * 5) < 8);

        var flag = Assert.Single(flags);
        Assert.Equal(AnomalyProjection.Rules.AmountOutlier, flag.Rule);
        Assert.Equal(big.ToString(), flag.Subject);
        Assert.Equal([SeqOf(log, big)], flag.Events);
        Assert.Equal(z, flag.Score!.Value, 6);
        Assert.Contains("median 19.50", flag.Reason);
        Assert.Contains("previous 20 sales (MAD 5.00)", flag.Reason);

    }

    [Fact]
    public async Task A_refund_above_what_is_left_is_flagged_with_the_sale_and_the_refused_attempt()
    {
        var sale = Guid.NewGuid();
        var commands = new List<Command>
        {
            Merchant("ref-m"),
            Sale(sale, "ref-m", "card-r", 50m, At(4, 10)),
            new RefundSale(sale, "r1", new Money(30m, "USD"), At(4, 11), "test:r1"),   // 20 left
            new RefundSale(sale, "r2", new Money(25m, "USD"), At(4, 12), "test:r2"),   // 25 > 20: refused
            new RefundSale(sale, "r3", new Money(20m, "USD"), At(4, 13), "test:r3"),   // 0 left
            new RefundSale(sale, "r4", new Money(5m, "USD"), At(5, 1), "test:r4"),     // fully refunded: refused
        };
        var log = await db.AppendAsync(commands);
        await using var node = await db.StartNodeAsync(await db.ProjectionAsync(), node: "ref");
        await CommerceDb.WaitCaughtUpAsync(node);
        var flags = (await db.FlagsAsync()).Where(f => f.MerchantId == "ref-m").ToList();

        var refused = log.Where(l => l.Event is SaleRefundRefused).Select(l => l.Sequence).ToArray();
        Assert.Equal(2, refused.Length);
        Assert.All(flags, f => Assert.Equal(AnomalyProjection.Rules.RefundOverRemaining, f.Rule));
        Assert.Equal([[SeqOf(log, sale), refused[0]], [SeqOf(log, sale), refused[1]]], flags.Select(f => f.Events).ToArray());
        Assert.Equal([25.0 - (50 - 30), 5.0 - 0], flags.Select(f => f.Score!.Value).ToArray());
        Assert.Contains("refund r2 asked 25 USD but only 20 USD was left", flags[0].Reason);
        // 01:00 in Seoul on the 5th is still the 4th in UTC: the day is the merchant's.
        Assert.Equal([new DateOnly(2026, 3, 4), new DateOnly(2026, 3, 5)], flags.Select(f => f.Day).ToArray());
    }

    [Fact]
    public async Task A_day_is_judged_once_when_the_merchants_next_local_day_starts_and_flagged_when_its_average_ticket_is_far_from_the_trailing_week()
    {
        var commands = new List<Command> { Merchant("tix-m") };
        var n = 0;
        // Days 10..16 of March: 5 sales of 10.00 a day (35 trailing sales, average 10).
        for (var day = 10; day <= 16; day++)
            for (var k = 0; k < 5; k++)
                commands.Add(Sale(Guid.NewGuid(), "tix-m", $"card-{n++}", 10m, At(day, 9 + k)));
        // Day 17: 8 sales of 20.00, the last at 23:30 Seoul time (14:30 UTC: still the 17th in Seoul).
        var day17 = new List<Guid>();
        for (var k = 0; k < 8; k++)
        {
            day17.Add(Guid.NewGuid());
            commands.Add(Sale(day17[^1], "tix-m", $"card-{n++}", 20m, k == 7 ? At(17, 23, 30) : At(17, 10 + k)));
        }
        var log = await db.AppendAsync(commands);
        await using var node = await db.StartNodeAsync(await db.ProjectionAsync(), node: "tix");
        await CommerceDb.WaitCaughtUpAsync(node);
        Assert.DoesNotContain(await db.FlagsAsync(), f => f.MerchantId == "tix-m"); // the 17th is not over yet

        // 00:10 on the 18th in Seoul is 15:10 on the 17th in UTC: it still starts the merchant's next day.
        var next = Guid.NewGuid();
        var late = Guid.NewGuid();
        log.AddRange(await db.AppendAsync([Sale(next, "tix-m", "card-next", 10m, At(18, 0, 10))]));
        await CommerceDb.WaitCaughtUpAsync(node);
        // A late sale of the 17th after it was judged changes nothing: a day is judged once.
        log.AddRange(await db.AppendAsync([Sale(late, "tix-m", "card-late", 90m, At(17, 22))]));
        await CommerceDb.WaitCaughtUpAsync(node);
        var flags = (await db.FlagsAsync()).Where(f => f.MerchantId == "tix-m").ToList();

        // Day average 8 × 20 / 8 = 20; trailing 35 × 10 / 35 = 10; ratio 2.0 ≥ 1.6.
        var ratio = (8 * 20m / 8) / (35 * 10m / 35);
        var flag = Assert.Single(flags);
        Assert.Equal(AnomalyProjection.Rules.TicketShift, flag.Rule);
        Assert.Equal("tix-m:2026-03-17", flag.Subject);
        Assert.Equal(new DateOnly(2026, 3, 17), flag.Day);
        Assert.Equal((double)ratio, flag.Score);
        Assert.Equal(day17.Select(id => SeqOf(log, id)).ToArray(), flag.Events);
        Assert.Contains("over 8 sales on 2026-03-17 is 2.00× the trailing 7-day level 10.00 USD (35 sales)", flag.Reason);
        // Every day up to the 17th was judged (the 10th to the 16th had too few sales of their own: no ratio).
        Assert.Equal(8, await db.ScalarAsync("SELECT count(*) FROM {schema}.anomaly_ticket_days WHERE merchant_id = 'tix-m'"));
        Assert.Equal(7, await db.ScalarAsync("SELECT count(*) FROM {schema}.anomaly_ticket_days WHERE merchant_id = 'tix-m' AND ratio IS NULL"));
    }

    [Fact]
    public async Task The_same_card_paying_the_same_amount_three_times_in_a_row_in_one_local_day_is_flagged_once_a_run()
    {
        var x = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var y = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        var z = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var commands = new List<Command>
        {
            Merchant("rep-m"),
            Sale(x[0], "rep-m", "card-x", 15m, At(20, 9)), Sale(x[1], "rep-m", "card-x", 15m, At(20, 10)),
            Sale(x[2], "rep-m", "card-x", 15m, At(20, 11)), Sale(x[3], "rep-m", "card-x", 15m, At(20, 12)), // a run of four: one flag
            // Across midnight in Seoul: 23:00 on the 20th, then 00:30 and 01:00 on the 21st.
            Sale(y[0], "rep-m", "card-y", 15m, At(20, 23)), Sale(y[1], "rep-m", "card-y", 15m, At(21, 0, 30)),
            Sale(y[2], "rep-m", "card-y", 15m, At(21, 1)),
            // Broken by another amount.
            Sale(z[0], "rep-m", "card-z", 15m, At(21, 9)), Sale(z[1], "rep-m", "card-z", 15m, At(21, 10)),
            Sale(z[2], "rep-m", "card-z", 16m, At(21, 11)), Sale(z[3], "rep-m", "card-z", 15m, At(21, 12)),
        };
        var log = await db.AppendAsync(commands);
        await using var node = await db.StartNodeAsync(await db.ProjectionAsync(), node: "rep");
        await CommerceDb.WaitCaughtUpAsync(node);
        var flags = (await db.FlagsAsync()).Where(f => f.MerchantId == "rep-m").ToList();

        var flag = Assert.Single(flags);
        Assert.Equal(AnomalyProjection.Rules.RepeatedAmount, flag.Rule);
        Assert.Equal(x[2].ToString(), flag.Subject);
        Assert.Equal(x[..3].Select(id => SeqOf(log, id)).ToArray(), flag.Events);
    }

    [Fact]
    public async Task A_delivery_too_fast_too_slow_or_at_an_impossible_courier_speed_is_flagged()
    {
        var (ok, fast, slow, speedy) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        PlaceOrder Place(Guid id) => new(id, "cust", "del-r", [new OrderItem("bibimbap", 1, 12m)], new Money(12m, "USD"), "Mapo", At(25, 12), $"test:{id}");
        DeliverOrder Deliver(Guid id, DateTimeOffset at, decimal km) => new(id, at, km, new Money(2m, "USD"), $"test:d:{id}");
        var commands = new List<Command>
        {
            new RegisterMerchant("del-r", "Del", "Korean", "Asia/Seoul", "test:del-r"),
            Place(ok), new PickUpOrder(ok, At(25, 12, 10), "test:p:ok"), Deliver(ok, At(25, 12, 35), 3m),      // 3 km in 25 min: 7.2 km/h
            Place(fast), Deliver(fast, At(25, 12, 3), 1m),                                                      // 3 min < 5
            Place(slow), Deliver(slow, At(25, 17, 0), 2m),                                                      // 300 min > 240
            Place(speedy), new PickUpOrder(speedy, At(25, 12, 20), "test:p:sp"), Deliver(speedy, At(25, 12, 25), 10m), // 10 km in 5 min: 120 km/h
        };
        var log = await db.AppendAsync(commands);
        await using var node = await db.StartNodeAsync(await db.ProjectionAsync(), node: "del");
        await CommerceDb.WaitCaughtUpAsync(node);
        var flags = (await db.FlagsAsync()).Where(f => f.MerchantId == "del-r").ToList();

        long[] Seqs(Guid id) => log.Where(l => l.Stream == Order.StreamId(id)).Select(l => l.Sequence).ToArray();
        Assert.All(flags, f => Assert.Equal(AnomalyProjection.Rules.ImplausibleDelivery, f.Rule));
        Assert.Equal([fast.ToString(), slow.ToString(), speedy.ToString()], flags.Select(f => f.Subject).ToArray());
        Assert.Equal([Seqs(fast), Seqs(slow), Seqs(speedy)], flags.Select(f => f.Events).ToArray());
        Assert.Equal(3, Seqs(speedy).Length); // placed, picked up, delivered
        Assert.Contains("delivered 3.0 min after it was placed, minimum 5 min", flags[0].Reason);
        Assert.Contains("delivered 300.0 min after it was placed, maximum 240 min", flags[1].Reason);
        Assert.Contains($"10 km in 5.0 min is {10 / (5 / 60.0):0.0} km/h, maximum 60 km/h", flags[2].Reason);
    }

    private static double Median(IEnumerable<double> xs)
    {
        var sorted = xs.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>The repeat count is an option (its own schema: a rule set of its own gets a version of its own).</summary>
public sealed class AnomalyRepeatCountTests(CommerceDb db) : IClassFixture<CommerceDb>
{
    [Fact]
    public async Task With_a_repeat_count_of_four_only_a_run_of_four_is_flagged_on_its_fourth_sale()
    {
        var x = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        var y = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        var commands = new List<Command>
        {
            AnomalyRulesTests.Merchant("rep4-m"),
            // A run of five: one flag, on the fourth sale, naming the first four.
            AnomalyRulesTests.Sale(x[0], "rep4-m", "card-x", 15m, AnomalyRulesTests.At(22, 9)), AnomalyRulesTests.Sale(x[1], "rep4-m", "card-x", 15m, AnomalyRulesTests.At(22, 10)),
            AnomalyRulesTests.Sale(x[2], "rep4-m", "card-x", 15m, AnomalyRulesTests.At(22, 11)), AnomalyRulesTests.Sale(x[3], "rep4-m", "card-x", 15m, AnomalyRulesTests.At(22, 12)),
            AnomalyRulesTests.Sale(x[4], "rep4-m", "card-x", 15m, AnomalyRulesTests.At(22, 13)),
            // A run of three is no longer one.
            AnomalyRulesTests.Sale(y[0], "rep4-m", "card-y", 15m, AnomalyRulesTests.At(22, 9)), AnomalyRulesTests.Sale(y[1], "rep4-m", "card-y", 15m, AnomalyRulesTests.At(22, 10)),
            AnomalyRulesTests.Sale(y[2], "rep4-m", "card-y", 15m, AnomalyRulesTests.At(22, 11)),
        };
        var log = await db.AppendAsync(commands);
        await using var node = await db.StartNodeAsync(await db.ProjectionAsync(new AnomalyOptions { RepeatCount = 4 }), node: "rep4");
        await CommerceDb.WaitCaughtUpAsync(node);
        var flags = (await db.FlagsAsync()).Where(f => f.MerchantId == "rep4-m").ToList();

        var flag = Assert.Single(flags);
        Assert.Equal(AnomalyProjection.Rules.RepeatedAmount, flag.Rule);
        Assert.Equal(x[3].ToString(), flag.Subject);
        Assert.Equal(x[..4].Select(id => AnomalyRulesTests.SeqOf(log, id)).ToArray(), flag.Events);
        Assert.Contains("4 times in a row", flag.Reason);
    }
}
