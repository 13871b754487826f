using System.Collections.Concurrent;
using Es.EventStore;

namespace Es.Projections.Tests;

// Its own schema: an inline projection starts current only on a log without its events.
public sealed class InlineReadYourWritesTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task An_inline_projection_shows_an_append_as_soon_as_the_append_returns()
    {
        await using var node = await db.StartNodeAsync(EngineFixture.Options(), Hooked.StreamSummaries("inline_summaries", mode: ProjectionMode.Inline));
        for (var i = 1; i <= 5; i++)
        {
            await node.Store.AppendAsync("member-1", ExpectedVersion.Any, [TestEvents.Added("x")]);
            Assert.Equal(i, await db.ScalarAsync("SELECT events FROM {schema}.inline_summaries WHERE stream_id = 'member-1'"));
        }
        // What the append's own transaction wrote is what the log says: version and times too
        // (Marten's quick append would have shown the projection 0 for the version and sequence).
        Assert.Equal(5, await db.ScalarAsync("SELECT last_version FROM {schema}.inline_summaries WHERE stream_id = 'member-1'"));
        Assert.Equal(1, await db.ScalarAsync("""
            SELECT count(*) FROM {schema}.inline_summaries s
            WHERE s.stream_id = 'member-1'
              AND s.first_at = (SELECT min(timestamp) FROM {schema}.mt_events WHERE stream_id = 'member-1')
              AND s.last_at = (SELECT max(timestamp) FROM {schema}.mt_events WHERE stream_id = 'member-1')
            """));
        var explained = await node.Catalog.ExplainAsync("inline_summaries", "member-1");
        Assert.Equal([1L, 2, 3, 4, 5], explained.Select(e => e.StreamVersion));
    }

    [Fact]
    public async Task An_inline_projection_that_fails_fails_the_append_and_nothing_of_it_is_stored()
    {
        var failing = Hooked.StreamSummaries("inline_failing", mode: ProjectionMode.Inline);
        failing.Before = (batch, _) => batch.Events.Any(e => e.Event.Data is Note { Text: "poison" })
            ? throw new InvalidOperationException("cannot apply")
            : Task.CompletedTask;
        await using var node = await db.StartNodeAsync(EngineFixture.Options(), failing);
        // The class's other test may have written events first: then the first build is made from them before it serves.
        await EngineFixture.WaitUntilAsync(async () => (await node.Catalog.GetStatusAsync("inline_failing")) is [{ IsCurrent: true }],
            TimeSpan.FromSeconds(30), "the first build is current");
        await node.Store.AppendAsync("member-2", ExpectedVersion.Any, [TestEvents.Added("x")]);

        await Assert.ThrowsAnyAsync<Exception>(() => node.Store.AppendAsync("member-2", ExpectedVersion.Any, [TestEvents.Added("y"), TestEvents.Noted("poison")]));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM {schema}.mt_events WHERE stream_id = 'member-2'"));
        Assert.Equal(1, await db.ScalarAsync("SELECT events FROM {schema}.inline_failing WHERE stream_id = 'member-2'"));
    }
}

public sealed class InlineRebuildTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Rebuilding_an_inline_projection_while_appends_continue_misses_none_and_counts_none_twice()
    {
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 50),
            Hooked.StreamSummaries("inline_rebuilt", mode: ProjectionMode.Inline));
        for (var i = 0; i < 200; i++) await node.Store.AppendAsync($"m-{i % 13}", ExpectedVersion.Any, [TestEvents.Added("x")]);

        using var stop = new CancellationTokenSource();
        var appended = new ConcurrentBag<string>();
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                await node.Store.AppendAsync($"m-{(w + i++) % 13}", ExpectedVersion.Any, [TestEvents.Added("y")]);
                appended.Add("y");
            }
        })).ToList();
        Assert.Equal(2, await node.Catalog.RebuildAsync("inline_rebuilt"));
        await EngineFixture.WaitUntilAsync(async () => (await node.Catalog.GetStatusAsync("inline_rebuilt")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(30), "the rebuilt inline build is current");
        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.NotEmpty(appended);
        var fromScratch = await db.CountByStreamAsync();
        var rebuilt = await db.KeyedAsync("SELECT stream_id, events FROM {schema}.inline_rebuilt");
        var differences = fromScratch.Keys.Union(rebuilt.Keys).Order()
            .Where(k => fromScratch.GetValueOrDefault(k) != rebuilt.GetValueOrDefault(k))
            .Select(k => $"{k}: log {fromScratch.GetValueOrDefault(k)}, rebuilt {rebuilt.GetValueOrDefault(k)}")
            .ToList();
        Assert.True(differences.Count == 0, $"{differences.Count} keys differ ({appended.Count} appended during the rebuild): {string.Join("; ", differences)}");
    }
}

public sealed class InlineAddedLaterTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task An_inline_projection_added_to_an_existing_log_is_built_from_it_before_it_serves()
    {
        await TestEvents.AppendStreamsAsync(db.Store, 10, 6);
        await using var node = await db.StartNodeAsync(EngineFixture.Options(), Hooked.StreamSummaries("late_inline", mode: ProjectionMode.Inline));
        await EngineFixture.WaitUntilAsync(async () => (await node.Catalog.GetStatusAsync("late_inline")) is [{ IsCurrent: true }],
            TimeSpan.FromSeconds(30), "the first build is current");
        Assert.Equal(await db.CountByStreamAsync(), await db.KeyedAsync("SELECT stream_id, events FROM {schema}.late_inline"));

        await node.Store.AppendAsync("cart-0", ExpectedVersion.Any, [TestEvents.Added("z")]);
        Assert.Equal(7, await db.ScalarAsync("SELECT events FROM {schema}.late_inline WHERE stream_id = 'cart-0'"));
    }
}
