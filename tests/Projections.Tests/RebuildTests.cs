using System.Collections.Concurrent;
using Es.EventStore;

namespace Es.Projections.Tests;

public sealed class ZeroDowntimeRebuildTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Rebuilding_while_writers_append_swaps_in_a_build_equal_to_a_fresh_one_and_readers_never_see_it_empty_or_half_built()
    {
        await TestEvents.AppendStreamsAsync(db.Store, 50, 40);
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 100), Hooked.StreamSummaries("summaries"));
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(30), "summaries");

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

        var generation = await node.Catalog.RebuildAsync("summaries");
        Assert.Equal(2, generation);
        await EngineFixture.WaitUntilAsync(async () => (await node.Catalog.GetStatusAsync("summaries")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(60), "the new build is swapped in");
        await Task.Delay(300); // keep writing after the swap: the daemon now writes into the new build
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await reader;
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(30), "summaries");

        var totals = seen.ToList();
        Assert.True(totals.Count > 10, $"the reader read only {totals.Count} times");
        Assert.DoesNotContain(0L, totals);
        for (var i = 1; i < totals.Count; i++)
            Assert.True(totals[i] >= totals[i - 1], $"the served total dropped from {totals[i - 1]} to {totals[i]}");
        Assert.Equal(await db.CountByStreamAsync(), await db.KeyedAsync("SELECT stream_id, events FROM {schema}.summaries"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}' AND tablename LIKE 'summaries%_g1'"));
    }

    [Fact]
    public async Task A_new_projection_version_is_built_beside_the_serving_one_and_replaces_it_when_caught_up()
    {
        await TestEvents.AppendStreamsAsync(db.Store, 5, 4, marker: 3);
        var node1 = await db.StartNodeAsync(EngineFixture.Options(), Hooked.StreamCounts("versioned"));
        await EngineFixture.WaitCaughtUpAsync(node1.Catalog, TimeSpan.FromSeconds(30), "versioned");
        await node1.StopAsync();
        var servedByV1 = await db.KeyedAsync("SELECT key, count FROM {schema}.versioned");
        Assert.Equal(await db.CountByStreamAsync(), servedByV1);

        // Version 2 counts only ItemAdded events: a new analysis over the same history. Until it
        // has caught up, readers keep getting version 1's complete answer.
        var gate = new SemaphoreSlim(0);
        var v2 = new Hooked(new Samples.EventCountProjection("versioned", ["ItemAdded"], e => e.StreamId, version: 2))
        {
            Before = async (_, ct) => await gate.WaitAsync(ct),
        };
        await using var node2 = await db.StartNodeAsync(EngineFixture.Options(), v2);
        var building = (await node2.Catalog.GetStatusAsync("versioned")).Single(s => !s.IsCurrent);
        Assert.Equal(2, building.Version);
        Assert.Equal(ProjectionState.Rebuilding, building.State);
        Assert.Equal(servedByV1, await db.KeyedAsync("SELECT key, count FROM {schema}.versioned"));
        gate.Release(1000);
        await EngineFixture.WaitUntilAsync(async () => (await node2.Catalog.GetStatusAsync("versioned")) is [{ Version: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(30), "version 2 is current");
        await EngineFixture.WaitCaughtUpAsync(node2.Catalog, TimeSpan.FromSeconds(30), "versioned");

        Assert.Equal(await db.CountByStreamAsync("ItemAdded"), await db.KeyedAsync("SELECT key, count FROM {schema}.versioned"));
        // Appends after the swap land in version 2 through the daemon.
        await db.Store.AppendAsync("after-swap", ExpectedVersion.Any, [TestEvents.Added("after"), TestEvents.Noted("after"), TestEvents.Added("after")]);
        await EngineFixture.WaitUntilAsync(async () => await db.ScalarAsync("SELECT coalesce(max(count), 0) FROM {schema}.versioned WHERE key = 'after-swap'") == 2,
            TimeSpan.FromSeconds(20), "the daemon writes into version 2");
    }
}

public sealed class RebuildStatisticsTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task A_rebuild_analyzes_the_tables_it_fills_so_the_planner_knows_their_size_before_the_swap()
    {
        await TestEvents.AppendStreamsAsync(db.Store, 40, 25); // 1,000 events in 40 streams: ten pages of 100
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 100), Hooked.StreamCounts("analyzed"));
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(60), "analyzed");

        Assert.Equal(2, await node.Catalog.RebuildAsync("analyzed"));
        await EngineFixture.WaitUntilAsync(async () => (await node.Catalog.GetStatusAsync("analyzed")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(60), "the rebuild is swapped in");

        // ANALYZE ran on the new build's table (last_analyze is set by ANALYZE, not by autovacuum) and
        // counted its 40 rows, one per stream.
        Assert.Equal(1, await db.ScalarAsync("""
            SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = '{schema}' AND relname = 'analyzed_g2' AND last_analyze IS NOT NULL
            """));
        Assert.Equal(40, await db.ScalarAsync("SELECT reltuples::bigint FROM pg_class WHERE oid = '{schema}.analyzed_g2'::regclass"));
    }
}

public sealed class RebuildRestartTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task A_rebuild_interrupted_by_a_node_stopping_goes_on_from_its_checkpoint_on_the_next_node_and_ends_exact()
    {
        await TestEvents.AppendStreamsAsync(db.Store, 40, 25); // 1,000 events
        await using (var first = await db.StartNodeAsync(EngineFixture.Options(batchSize: 50), Hooked.StreamCounts("restarted")))
        {
            await EngineFixture.WaitCaughtUpAsync(first.Catalog, TimeSpan.FromSeconds(30), "restarted");
        }

        // A slow rebuild: each page waits, so the node is stopped part of the way through.
        var slow = Hooked.StreamCounts("restarted");
        slow.Before = (_, ct) => Task.Delay(60, ct);
        var second = await db.StartNodeAsync(EngineFixture.Options(batchSize: 50), slow);
        Assert.Equal(2, await second.Catalog.RebuildAsync("restarted"));
        await EngineFixture.WaitUntilAsync(async () => (await second.Catalog.GetStatusAsync("restarted")).Any(s => !s.IsCurrent && s.Position >= 200),
            TimeSpan.FromSeconds(30), "the rebuild is part of the way");
        await second.StopAsync();
        var stoppedAt = (await second.Catalog.GetStatusAsync("restarted")).Single(s => !s.IsCurrent);
        Assert.InRange(stoppedAt.Position, 200, 999);
        Assert.Equal(ProjectionState.Rebuilding, stoppedAt.State);

        // The next node takes the build over where it stopped: its first page starts past the checkpoint.
        var firstSequence = new ConcurrentQueue<long>();
        var resumed = Hooked.StreamCounts("restarted");
        resumed.Before = (batch, _) =>
        {
            firstSequence.Enqueue(batch.Events[0].Event.Sequence);
            return Task.CompletedTask;
        };
        await using var third = await db.StartNodeAsync(EngineFixture.Options(batchSize: 50), resumed);
        await EngineFixture.WaitUntilAsync(async () => (await third.Catalog.GetStatusAsync("restarted")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(30), "the rebuild is swapped in");
        await EngineFixture.WaitCaughtUpAsync(third.Catalog, TimeSpan.FromSeconds(30), "restarted");
        Assert.True(firstSequence.TryPeek(out var resumedFrom));
        Assert.True(resumedFrom > stoppedAt.Position, $"the rebuild started again at {resumedFrom}, before its checkpoint {stoppedAt.Position}");
        Assert.Equal(await db.CountByStreamAsync(), await db.KeyedAsync("SELECT key, count FROM {schema}.restarted"));
        Assert.Equal(1000, await db.ScalarAsync("SELECT sum(count) FROM {schema}.restarted"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}' AND tablename LIKE 'restarted%_g1'"));
    }
}
