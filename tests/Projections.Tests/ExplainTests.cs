using Es.EventStore;
using Es.Projections.Samples;

namespace Es.Projections.Tests;

/// <summary>Quantities per SKU: an event touches one row per SKU it names ("apple+pear" two), notes touch none.</summary>
internal sealed class SkuTotals : Projection
{
    public override string Name => "sku_totals";
    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { "ItemAdded", "Note" };
    public override IReadOnlyList<ReadModelTable> Tables { get; } = [new("sku_totals", "sku text PRIMARY KEY, quantity bigint NOT NULL")];

    public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data is ItemAdded a ? a.Sku.Split('+') : [];

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        var sql = $"""
            INSERT INTO {batch.Table("sku_totals")} AS t (sku, quantity) VALUES (?, ?)
            ON CONFLICT (sku) DO UPDATE SET quantity = t.quantity + EXCLUDED.quantity
            """;
        foreach (var pe in batch.Events)
            foreach (var sku in pe.Keys)
                batch.Execute(sql, sku, (long)((ItemAdded)pe.Event.Data).Quantity);
        return Task.CompletedTask;
    }
}

public sealed class ExplainTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Explain_returns_exactly_the_events_that_made_a_row_in_log_order_and_the_same_after_a_rebuild()
    {
        var first = TestEvents.Added("apple", 2);
        var note = TestEvents.Noted("apple");
        var both = TestEvents.Added("apple+pear", 5);
        var pearOnly = TestEvents.Added("pear", 1);
        var last = TestEvents.Added("apple", 3);
        // Two streams interleaved: log order is not stream order.
        await db.Store.AppendAsync("basket-1", ExpectedVersion.Any, [first, note]);
        await db.Store.AppendAsync("basket-2", ExpectedVersion.Any, [both, pearOnly]);
        await db.Store.AppendAsync("basket-1", ExpectedVersion.Any, [last]);

        // Pages of two: a row's events come from different pages.
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 2), new SkuTotals());
        var catalog = node.Catalog;
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "sku_totals");

        var apple = await catalog.ExplainAsync("sku_totals", "apple");
        Assert.Equal([first.EventId, both.EventId, last.EventId], apple.Select(e => e.EventId));
        Assert.Equal(apple.Select(e => e.Sequence).Order(), apple.Select(e => e.Sequence));
        Assert.Equal(["basket-1", "basket-2", "basket-1"], apple.Select(e => e.StreamId));
        // The row is what those events add up to, and nothing else.
        var appleQuantity = await db.ScalarAsync("SELECT quantity FROM {schema}.sku_totals WHERE sku = 'apple'");
        Assert.Equal(2 + 5 + 3, appleQuantity);
        Assert.Equal(apple.Sum(e => ((ItemAdded)e.Data).Quantity), appleQuantity);
        var pear = await catalog.ExplainAsync("sku_totals", "pear");
        Assert.Equal([both.EventId, pearOnly.EventId], pear.Select(e => e.EventId));
        Assert.Equal(pear.Sum(e => ((ItemAdded)e.Data).Quantity), await db.ScalarAsync("SELECT quantity FROM {schema}.sku_totals WHERE sku = 'pear'"));
        // A key no event touched, and a note whose text happens to be a key: no events.
        Assert.Empty(await catalog.ExplainAsync("sku_totals", "plum"));
        Assert.DoesNotContain(note.EventId, apple.Select(e => e.EventId));

        Assert.Equal(2, await catalog.RebuildAsync("sku_totals"));
        await EngineFixture.WaitUntilAsync(async () => (await catalog.GetStatusAsync("sku_totals")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(20), "the rebuild is current");
        Assert.Equal(apple.Select(e => e.EventId), (await catalog.ExplainAsync("sku_totals", "apple")).Select(e => e.EventId));
        Assert.Equal(pear.Select(e => e.EventId), (await catalog.ExplainAsync("sku_totals", "pear")).Select(e => e.EventId));

        // And it follows the live log after the swap.
        var later = TestEvents.Added("pear", 4);
        await db.Store.AppendAsync("basket-3", ExpectedVersion.Any, [later]);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "sku_totals");
        Assert.Equal([both.EventId, pearOnly.EventId, later.EventId], (await catalog.ExplainAsync("sku_totals", "pear")).Select(e => e.EventId));
        Assert.Equal(5 + 1 + 4, await db.ScalarAsync("SELECT quantity FROM {schema}.sku_totals WHERE sku = 'pear'"));
    }

    [Fact]
    public async Task Explain_of_an_unknown_projection_is_a_not_found_error()
    {
        var node = db.BuildNode(EngineFixture.Options(), new EventCountProjection("other_counts", TestEvents.All));
        await node.Catalog.PrepareAsync();
        await Assert.ThrowsAsync<ProjectionNotFoundException>(() => node.Catalog.ExplainAsync("nothing_here", "k"));
    }
}
