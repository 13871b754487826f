using Es.EventStore;
using Es.Projections.Samples;

namespace Es.Projections.Tests;

public sealed class ExplainTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    /// <summary>Quantities per SKU: an event touches one row per SKU it names, notes touch none.</summary>
    private sealed class SkuTotals() : Projection
    {
        public override string Name => "sku_totals";
        public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { "ItemAdded", "Note" };
        public override IReadOnlyList<ReadModelTable> Tables { get; } = [new("sku_totals", "sku text PRIMARY KEY, quantity bigint NOT NULL")];

        public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data is ItemAdded a ? a.Sku.Split('+') : [];

        public override async Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
        {
            foreach (var pe in batch.Events)
                foreach (var sku in pe.Keys)
                {
                    await using var cmd = batch.CreateCommand($"""
                        INSERT INTO {batch.Table("sku_totals")} AS t (sku, quantity) VALUES ($1, $2)
                        ON CONFLICT (sku) DO UPDATE SET quantity = t.quantity + EXCLUDED.quantity
                        """);
                    cmd.Parameters.AddWithValue(sku);
                    cmd.Parameters.AddWithValue((long)((ItemAdded)pe.Event.Data).Quantity);
                    await cmd.ExecuteNonQueryAsync(ct);
                }
        }
    }

    [Fact]
    public async Task Explain_returns_exactly_the_events_that_made_a_row_in_log_order_and_follows_a_rebuild()
    {
        var first = TestEvents.Added("apple", 2);
        var both = TestEvents.Added("apple+pear", 5);
        var pearOnly = TestEvents.Added("pear", 1);
        var last = TestEvents.Added("apple", 3);
        await db.Store.AppendAsync("basket-1", ExpectedVersion.Any, [first, TestEvents.Noted("apple")]);
        await db.Store.AppendAsync("basket-2", ExpectedVersion.Any, [both, pearOnly]);
        await db.Store.AppendAsync("basket-1", ExpectedVersion.Any, [last]);

        var catalog = db.Catalog(EngineFixture.Options(batchSize: 2), new SkuTotals());
        var daemon = await db.StartDaemonAsync(catalog);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "sku_totals");

        var apple = await catalog.ExplainAsync("sku_totals", "apple");
        Assert.Equal([first.EventId, both.EventId, last.EventId], apple.Select(e => e.EventId));
        Assert.Equal(10, await db.ScalarAsync("SELECT quantity FROM {schema}.sku_totals WHERE sku = 'apple'"));
        Assert.Equal(apple.Sum(e => ((ItemAdded)e.Data).Quantity), await db.ScalarAsync("SELECT quantity FROM {schema}.sku_totals WHERE sku = 'apple'"));
        Assert.Equal([both.EventId, pearOnly.EventId], (await catalog.ExplainAsync("sku_totals", "pear")).Select(e => e.EventId));
        Assert.Empty(await catalog.ExplainAsync("sku_totals", "plum"));

        await catalog.RebuildAsync("sku_totals");
        await EngineFixture.WaitUntilAsync(async () => (await catalog.GetStatusAsync("sku_totals")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(20), "the rebuild is current");
        Assert.Equal(apple.Select(e => e.EventId), (await catalog.ExplainAsync("sku_totals", "apple")).Select(e => e.EventId));
        await daemon.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Explain_of_an_unknown_projection_is_a_not_found_error()
    {
        var catalog = db.Catalog(EngineFixture.Options(), new EventCountProjection("other_counts", TestEvents.All));
        await catalog.MigrateAsync();
        await Assert.ThrowsAsync<ProjectionNotFoundException>(() => catalog.ExplainAsync("nothing_here", "k"));
    }
}
