using System.Collections.Concurrent;
using Es.EventStore;

namespace Es.Projections.Tests;

public sealed class ZeroDowntimeRebuildTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Rebuilding_while_writers_append_swaps_in_a_build_equal_to_a_fresh_one_and_readers_never_see_it_empty_or_half_built()
    {
        var projection = Hooked.StreamSummaries("summaries");
        await StopMidBatchTests.AppendStreamsAsync(db.Store, 50, 40);
        var catalog = db.Catalog(EngineFixture.Options(batchSize: 100), projection);
        var daemon = await db.StartDaemonAsync(catalog);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "summaries");

        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                await db.Store.AppendAsync($"cart-{(w * 31 + i++) % 60}", ExpectedVersion.Any, [TestEvents.Added("x"), TestEvents.Noted("y")]);
                await Task.Delay(2);
            }
        })).ToList();

        // A reader's view: the total only grows. An empty or half-built model would make it drop.
        var seen = new ConcurrentQueue<long>();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                seen.Enqueue(await db.ScalarAsync("SELECT coalesce(sum(events), 0) FROM {schema}.summaries"));
                await Task.Delay(3);
            }
        });

        var generation = await catalog.RebuildAsync("summaries");
        Assert.Equal(2, generation);
        await EngineFixture.WaitUntilAsync(async () => (await catalog.GetStatusAsync("summaries")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(30), "the new build is swapped in");
        await Task.Delay(300); // keep writing after the swap
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await reader;
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "summaries");
        await daemon.StopAsync(CancellationToken.None);

        var totals = seen.ToList();
        Assert.True(totals.Count > 10);
        Assert.DoesNotContain(0L, totals);
        for (var i = 1; i < totals.Count; i++)
            Assert.True(totals[i] >= totals[i - 1], $"the served total dropped from {totals[i - 1]} to {totals[i]}");
        var fromScratch = TestEvents.CountByStream(await db.WholeLogAsync());
        Assert.Equal(fromScratch, await db.KeyedAsync("SELECT stream_id, events FROM {schema}.summaries"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}' AND tablename LIKE 'summaries%_g1'"));
    }

    [Fact]
    public async Task A_new_projection_version_is_built_beside_the_serving_one_and_replaces_it_when_caught_up()
    {
        await StopMidBatchTests.AppendStreamsAsync(db.Store, 5, 4);
        var v1 = Hooked.StreamCounts("versioned");
        var catalog1 = db.Catalog(EngineFixture.Options(), v1);
        var daemon1 = await db.StartDaemonAsync(catalog1);
        await EngineFixture.WaitCaughtUpAsync(catalog1, TimeSpan.FromSeconds(20), "versioned");
        await daemon1.StopAsync(CancellationToken.None);

        // Version 2 counts only ItemAdded events: a new analysis over the same history.
        var v2 = new Hooked(new Samples.EventCountProjection("versioned", ["ItemAdded"], e => e.StreamId, version: 2));
        var catalog2 = db.Catalog(EngineFixture.Options(), v2);
        var daemon2 = await db.StartDaemonAsync(catalog2);
        var building = (await catalog2.GetStatusAsync("versioned")).Single(s => !s.IsCurrent);
        Assert.Equal(2, building.Version);
        await EngineFixture.WaitUntilAsync(async () => (await catalog2.GetStatusAsync("versioned")) is [{ Version: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(20), "version 2 is current");
        await EngineFixture.WaitCaughtUpAsync(catalog2, TimeSpan.FromSeconds(20), "versioned");
        await daemon2.StopAsync(CancellationToken.None);

        var log = await db.WholeLogAsync();
        var expected = log.Where(e => e.EventType == "ItemAdded").GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected, await db.KeyedAsync("SELECT key, count FROM {schema}.versioned"));
    }
}

public sealed class RebuildNowTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Rebuild_now_empties_the_current_build_and_fills_it_again_from_the_start()
    {
        var projection = Hooked.StreamCounts("counts");
        await StopMidBatchTests.AppendStreamsAsync(db.Store, 10, 10);
        var catalog = db.Catalog(EngineFixture.Options(), projection);
        var daemon = await db.StartDaemonAsync(catalog);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "counts");

        var generation = await catalog.RebuildNowAsync("counts");
        Assert.Equal(1, generation);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "counts");
        await daemon.StopAsync(CancellationToken.None);

        Assert.Equal(TestEvents.CountByStream(await db.WholeLogAsync()), await db.KeyedAsync("SELECT key, count FROM {schema}.counts"));
        Assert.Equal(100, (await catalog.GetStatusAsync("counts")).Single().EventsProcessed);
    }
}

public sealed class ShardedRebuildTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task A_sharded_projection_rebuilt_while_events_arrive_swaps_in_with_every_shard_exact()
    {
        await StopMidBatchTests.AppendStreamsAsync(db.Store, 40, 5);
        var catalog = db.Catalog(EngineFixture.Options(batchSize: 30), Hooked.StreamSummaries("sharded_summaries", shards: 4));
        var daemon = await db.StartDaemonAsync(catalog);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "sharded_summaries");
        Assert.Equal(4, (await catalog.GetStatusAsync("sharded_summaries")).Single().Shards.Count);

        await catalog.RebuildAsync("sharded_summaries");
        await StopMidBatchTests.AppendStreamsAsync(db.Store, 40, 2);
        await EngineFixture.WaitUntilAsync(async () => (await catalog.GetStatusAsync("sharded_summaries")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(20), "the new sharded build is current");
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "sharded_summaries");
        await daemon.StopAsync(CancellationToken.None);

        var rebuilt = (await catalog.GetStatusAsync("sharded_summaries")).Single();
        Assert.All(rebuilt.Shards, s => Assert.True(s.CaughtUp));
        Assert.Equal(TestEvents.CountByStream(await db.WholeLogAsync()), await db.KeyedAsync("SELECT stream_id, events FROM {schema}.sharded_summaries"));
    }
}
