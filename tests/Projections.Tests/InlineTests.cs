using System.Collections.Concurrent;
using Es.EventStore;

namespace Es.Projections.Tests;

// Its own schema: an inline projection starts current only on a log without its events.
public sealed class InlineReadYourWritesTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task An_inline_projection_shows_an_append_as_soon_as_the_append_returns()
    {
        var catalog = db.Catalog(EngineFixture.Options(), Hooked.StreamSummaries("inline_summaries", mode: ProjectionMode.Inline));
        await catalog.MigrateAsync();
        await catalog.EnsureAsync();
        var inline = new InlineProjector(catalog);

        for (var i = 1; i <= 5; i++)
        {
            await inline.AppendAsync("member-1", ExpectedVersion.Any, [TestEvents.Added("x")]);
            Assert.Equal(i, await db.ScalarAsync("SELECT events FROM {schema}.inline_summaries WHERE stream_id = 'member-1'"));
        }
        Assert.Equal(5, (await catalog.ExplainAsync("inline_summaries", "member-1")).Count);
    }
}

public sealed class InlineNotifyTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task An_append_through_the_inline_projector_that_no_inline_projection_handles_still_wakes_subscribers()
    {
        var notesOnly = new Samples.EventCountProjection("notes_inline", ["Note"]);
        var catalog = db.Catalog(EngineFixture.Options(), new InlineOnly(notesOnly));
        await catalog.PrepareAsync();
        // The listener wakes everyone once when it starts; let that pass first.
        await catalog.Store.NextAppend().WaitAsync(TimeSpan.FromSeconds(5));
        var woken = catalog.Store.NextAppend();
        Assert.False(woken.IsCompleted);
        await new InlineProjector(catalog).AppendAsync("wake-1", ExpectedVersion.Any, [TestEvents.Added("a")]);
        await woken.WaitAsync(TimeSpan.FromMilliseconds(500));
    }

    private sealed class InlineOnly(Projection inner) : Projection
    {
        public override string Name => inner.Name;
        public override ProjectionMode Mode => ProjectionMode.Inline;
        public override IReadOnlySet<string> EventTypes => inner.EventTypes;
        public override IReadOnlyList<ReadModelTable> Tables => inner.Tables;
        public override IEnumerable<string> KeysOf(RecordedEvent e) => inner.KeysOf(e);
        public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct) => inner.ApplyAsync(batch, ct);
    }
}

public sealed class InlineRebuildTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Rebuilding_an_inline_projection_while_appends_continue_misses_none_and_counts_none_twice()
    {
        var catalog = db.Catalog(EngineFixture.Options(batchSize: 50), Hooked.StreamSummaries("inline_rebuilt", mode: ProjectionMode.Inline));
        var daemon = await db.StartDaemonAsync(catalog);
        var inline = new InlineProjector(catalog);
        for (var i = 0; i < 200; i++) await inline.AppendAsync($"m-{i % 13}", ExpectedVersion.Any, [TestEvents.Added("x")]);

        using var stop = new CancellationTokenSource();
        var appended = new ConcurrentBag<string>();
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                await inline.AppendAsync($"m-{(w + i++) % 13}", ExpectedVersion.Any, [TestEvents.Added("y")]);
                appended.Add("y");
            }
        })).ToList();
        await catalog.RebuildAsync("inline_rebuilt");
        await EngineFixture.WaitUntilAsync(async () => (await catalog.GetStatusAsync("inline_rebuilt")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(20), "the rebuilt inline build is current");
        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await daemon.StopAsync(CancellationToken.None);

        Assert.NotEmpty(appended);
        var fromScratch = TestEvents.CountByStream(await db.WholeLogAsync()).Where(kv => kv.Key.StartsWith("m-")).ToDictionary();
        var rebuilt = await db.KeyedAsync("SELECT stream_id, events FROM {schema}.inline_rebuilt");
        // Every differing key, not a truncated dictionary: this test has failed now and then (see
        // docs/projections.md, "Known problem"), and the pattern of the difference is the clue.
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
        await StopMidBatchTests.AppendStreamsAsync(db.Store, 10, 6);
        var catalog = db.Catalog(EngineFixture.Options(), Hooked.StreamSummaries("late_inline", mode: ProjectionMode.Inline));
        var daemon = await db.StartDaemonAsync(catalog);
        await EngineFixture.WaitUntilAsync(async () => (await catalog.GetStatusAsync("late_inline")) is [{ IsCurrent: true }],
            TimeSpan.FromSeconds(20), "the first build is current");
        await daemon.StopAsync(CancellationToken.None);
        Assert.Equal(TestEvents.CountByStream(await db.WholeLogAsync()), await db.KeyedAsync("SELECT stream_id, events FROM {schema}.late_inline"));

        await new InlineProjector(catalog).AppendAsync("cart-0", ExpectedVersion.Any, [TestEvents.Added("z")]);
        Assert.Equal(7, await db.ScalarAsync("SELECT events FROM {schema}.late_inline WHERE stream_id = 'cart-0'"));
    }
}
