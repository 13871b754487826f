using System.Collections.Concurrent;
using Es.EventStore;
using Es.Projections.Samples;

namespace Es.Projections.Tests;

// A page is one transaction: the projection's statements, the explain index and Marten's checkpoint
// (or, for a rebuild, the build's checkpoint) commit together or not at all. Whatever kills the
// node in the middle of one, what is left is the log applied up to the checkpoint, exactly.

public sealed class KilledMidPageTests(EngineFixture db)
    : FastTakeoverTests(db), IClassFixture<EngineFixture>
{

    [Fact]
    public async Task A_node_killed_with_SIGKILL_while_its_page_is_written_but_not_committed_leaves_the_log_applied_exactly_up_to_its_checkpoint_and_the_next_node_ends_equal_to_a_fresh_rebuild()
    {
        await TestEvents.AppendStreamsAsync(Db.Store, 40, 25); // 1,000 events, 25 in each of cart-0..cart-39
        await using (var victim = NodeProcess.Start(Db.Schema, "victim", "crashed", "--batch", "100", "--hold-after", "500"))
        {
            var (first, last) = HoldingProjection.Range(await victim.WaitForAsync(l => l.StartsWith("holding ", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90), "a held page"));
            Assert.True(first <= 501 && last > 500, $"held {first}..{last}");
            await Crash.WaitHeldInServerAsync(Db, "victim");
            await victim.KillAsync();
            await Crash.WaitGoneAsync(Db, "victim");

            var checkpoint = await Crash.DaemonCheckpointAsync(Db, "crashed");
            Assert.True(checkpoint < first, $"the checkpoint {checkpoint} took in the held page {first}..{last}");
            Assert.True(checkpoint >= 400, $"the checkpoint {checkpoint} is behind the pages the node committed before the held one");
            var upToCheckpoint = await Crash.CountByStreamUpToAsync(Db, checkpoint);
            Assert.Equal(upToCheckpoint, await Db.KeyedAsync("SELECT key, count FROM {schema}.crashed"));
            await Failover.AssertExplainIndexExactAsync(Db, "crashed", upToCheckpoint.Values.Sum());
        }

        // The next node goes on from the checkpoint: the held page is applied once, by it.
        var firstSequence = new ConcurrentQueue<long>();
        var next = Hooked.StreamCounts("crashed");
        next.Before = (batch, _) =>
        {
            firstSequence.Enqueue(batch.Events[0].Event.Sequence);
            return Task.CompletedTask;
        };
        await using var node = await Db.StartNodeAsync(EngineFixture.Options("next", batchSize: 100), next);
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(90), "crashed");
        Assert.True(firstSequence.TryPeek(out var resumedAt) && resumedAt > 400, $"the next node started at {resumedAt}");
        var log = Enumerable.Range(0, 40).ToDictionary(s => $"cart-{s}", _ => 25L);
        Assert.Equal(log, await Db.CountByStreamAsync());
        Assert.Equal(log, await Db.KeyedAsync("SELECT key, count FROM {schema}.crashed"));
        await Failover.AssertExplainIndexExactAsync(Db, "crashed", 1000);

        // And a fresh rebuild from the log makes the same read model.
        Assert.Equal(2, await node.Catalog.RebuildAsync("crashed"));
        await EngineFixture.WaitUntilAsync(async () => (await node.Catalog.GetStatusAsync("crashed")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(90), "the fresh rebuild is swapped in");
        Assert.Equal(log, await Db.KeyedAsync("SELECT key, count FROM {schema}.crashed"));
        await Failover.AssertExplainIndexExactAsync(Db, "crashed", 1000, generation: 2);
    }
}

public sealed class KilledMidRebuildTests(EngineFixture db)
    : FastTakeoverTests(db), IClassFixture<EngineFixture>
{

    [Fact]
    public async Task A_node_killed_with_SIGKILL_in_the_middle_of_a_rebuild_page_leaves_the_served_build_whole_and_the_next_node_finishes_the_rebuild_from_its_checkpoint_exactly()
    {
        await TestEvents.AppendStreamsAsync(Db.Store, 40, 25); // 1,000 events
        var log = Enumerable.Range(0, 40).ToDictionary(s => $"cart-{s}", _ => 25L);
        await using (var first = await Db.StartNodeAsync(EngineFixture.Options("first", batchSize: 100), Hooked.StreamCounts("rebuilt")))
            await EngineFixture.WaitCaughtUpAsync(first.Catalog, TimeSpan.FromSeconds(90), "rebuilt");

        await using (var victim = NodeProcess.Start(Db.Schema, "victim", "rebuilt", "--batch", "100", "--hold-after", "400", "--rebuild"))
        {
            await victim.WaitForAsync(l => l == "rebuilding g2", TimeSpan.FromSeconds(90), "the rebuild started");
            var (heldFirst, _) = HoldingProjection.Range(await victim.WaitForAsync(l => l.StartsWith("holding ", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90), "a held rebuild page"));
            await Crash.WaitHeldInServerAsync(Db, "victim");
            await victim.KillAsync();
            await Crash.WaitGoneAsync(Db, "victim");

            // Readers still get the whole of generation 1; generation 2 holds the log up to its checkpoint.
            Assert.Equal(log, await Db.KeyedAsync("SELECT key, count FROM {schema}.rebuilt"));
            var building = (await Db.KeyedAsync("SELECT generation::text, checkpoint FROM {schema}.projection_builds WHERE name = 'rebuilt' AND NOT is_current"))
                .Single();
            Assert.Equal("2", building.Key);
            Assert.InRange(building.Value, 300, heldFirst - 1);
            Assert.Equal(await Crash.CountByStreamUpToAsync(Db, building.Value), await Db.KeyedAsync("SELECT key, count FROM {schema}.rebuilt_g2"));
            await Failover.AssertExplainIndexExactAsync(Db, "rebuilt", building.Value, generation: 2);
        }

        var resumedAt = new ConcurrentQueue<long>();
        var next = Hooked.StreamCounts("rebuilt");
        next.Before = (batch, _) =>
        {
            resumedAt.Enqueue(batch.Events[0].Event.Sequence);
            return Task.CompletedTask;
        };
        await using var node = await Db.StartNodeAsync(EngineFixture.Options("next", batchSize: 100), next);
        await EngineFixture.WaitUntilAsync(async () => (await node.Catalog.GetStatusAsync("rebuilt")) is [{ Generation: 2, IsCurrent: true }],
            TimeSpan.FromSeconds(90), "the rebuild is swapped in");
        Assert.True(resumedAt.TryPeek(out var from) && from > 300, $"the rebuild started again at {from}");
        Assert.Equal(log, await Db.KeyedAsync("SELECT key, count FROM {schema}.rebuilt"));
        await Failover.AssertExplainIndexExactAsync(Db, "rebuilt", 1000, generation: 2);
        Assert.Equal(0, await Db.ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}' AND tablename LIKE 'rebuilt%_g1'"));
    }
}

public sealed class KilledConnectionMidPageTests : IClassFixture<EngineFixture>
{
    private readonly EngineFixture db;

    public KilledConnectionMidPageTests(EngineFixture db)
    {
        this.db = db;
        db.ConfigureMarten = NodeProgram.FastTakeover; // a paused shard is started again after 500 ms
    }

    [Fact]
    public async Task Terminating_the_daemons_connection_mid_page_loses_that_page_and_its_retry_counts_nothing_twice()
    {
        await TestEvents.AppendStreamsAsync(db.Store, 30, 10); // 300 events
        var held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var projection = new HoldingProjection(new EventCountProjection("cut_counts", TestEvents.All, e => e.StreamId), line =>
        {
            if (line.StartsWith("holding ", StringComparison.Ordinal)) held.TrySetResult(line);
        }) { HoldAfter = 150 };
        var options = EngineFixture.Options("cut", batchSize: 64);
        await using var node = await db.StartNodeAsync(options, projection);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await Crash.WaitHeldInServerAsync(db, "cut");

        // What a crashed node's connection looks like to PostgreSQL: its backend goes away mid-transaction.
        Assert.Equal(1, await db.ScalarAsync($"""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE application_name = '{EngineFixture.ApplicationName(db.Schema, "cut")}' AND query LIKE '%pg_sleep%' AND state = 'active'
            """));
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(90), "cut_counts");

        var log = Enumerable.Range(0, 30).ToDictionary(s => $"cart-{s}", _ => 10L);
        Assert.Equal(log, await db.KeyedAsync("SELECT key, count FROM {schema}.cut_counts"));
        await Failover.AssertExplainIndexExactAsync(db, "cut_counts", 300);
    }
}

public sealed class FailedAppendTombstoneTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Marten_tombstones_over_the_sequence_numbers_of_appends_that_lost_a_race_are_passed_over_and_status_still_reports_lag()
    {
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 50), Hooked.StreamCounts("raced"));

        // Appends racing for two streams: a loser's sequence numbers get Marten tombstones, then it goes again.
        var committed = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                // Bulk appends to both streams at once, and single ones, with "any version": a loser retries.
                string[] streams = w % 2 == 0 ? [$"hot-{i % 2}"] : [$"hot-{i % 2}", $"hot-{(i + 1) % 2}"];
                i++;
                await db.Store.AppendManyAsync(streams.Select(s => new StreamAppend(s, ExpectedVersion.Any, [TestEvents.Added($"w{w}")])).ToList());
                foreach (var stream in streams) committed.AddOrUpdate(stream, 1, (_, n) => n + 1);
            }
        })).ToList();
        await EngineFixture.WaitUntilAsync(async () => await db.ScalarAsync("SELECT count(*) FROM {schema}.mt_events WHERE type = 'tombstone'") >= 3,
            TimeSpan.FromSeconds(60), "Marten wrote tombstones");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(90), "raced");
        Assert.Equal(committed.ToDictionary(), await db.CountByStreamAsync());
        Assert.Equal(committed.ToDictionary(), await db.KeyedAsync("SELECT key, count FROM {schema}.raced"));
        await Failover.AssertExplainIndexExactAsync(db, "raced", committed.Values.Sum());

        // Status of a projection whose next event is a tombstone (its timestamp is -infinity).
        await node.StopAsync();
        var tombstone = await db.ScalarAsync("SELECT min(seq_id) FROM {schema}.mt_events WHERE type = 'tombstone'");
        await db.ScalarAsync($"UPDATE {{schema}}.mt_event_progression SET last_seq_id = {tombstone - 1} WHERE name = 'raced:All' RETURNING 1");
        var status = Assert.Single(await node.Catalog.GetStatusAsync("raced"));
        Assert.Equal(tombstone - 1, status.Position);
        Assert.True(status.LagEvents > 0);
        Assert.True(status.LagSeconds >= 0);
    }
}

internal static class Crash
{
    private static string App(EngineFixture db, string node) => EngineFixture.ApplicationName(db.Schema, node);

    /// <summary>Waits until the node's held page is in the server: its statements ran, its transaction is open, in pg_sleep.</summary>
    public static Task WaitHeldInServerAsync(EngineFixture db, string node) => EngineFixture.WaitUntilAsync(async () => await db.ScalarAsync($"""
        SELECT count(*) FROM pg_stat_activity
        WHERE application_name = '{App(db, node)}' AND state = 'active' AND query LIKE '%pg_sleep%' AND xact_start IS NOT NULL
        """) == 1, TimeSpan.FromSeconds(60), "the held page's transaction is open in the server");

    /// <summary>Waits until PostgreSQL has ended every backend of the killed node (and so rolled back its open transaction).</summary>
    public static Task WaitGoneAsync(EngineFixture db, string node) => EngineFixture.WaitUntilAsync(async () =>
        await db.ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{App(db, node)}'") == 0,
        TimeSpan.FromSeconds(60), "the killed node's backends are gone");

    public static Task<long> DaemonCheckpointAsync(EngineFixture db, string projection) =>
        db.ScalarAsync($"SELECT coalesce(max(last_seq_id), 0) FROM {{schema}}.mt_event_progression WHERE name = '{ProjectionCatalog.ShardName(projection)}'");

    /// <summary>Events per stream of the log up to a sequence number, counted by PostgreSQL: a rebuild up to there.</summary>
    public static Task<Dictionary<string, long>> CountByStreamUpToAsync(EngineFixture db, long sequence) => db.KeyedAsync(
        $"SELECT stream_id, count(*) FROM {{schema}}.mt_events WHERE type <> 'tombstone' AND seq_id <= {sequence} GROUP BY stream_id");
}
