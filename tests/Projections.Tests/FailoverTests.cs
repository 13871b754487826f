using Es.EventStore;
using Npgsql;

namespace Es.Projections.Tests;

public sealed class FailoverTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    private readonly ConcurrencyProbe _probe = new();

    // What one node registers: its own instances, as another process would have.
    private Projection[] Node()
    {
        var counts = Hooked.StreamCounts("counts");
        var summaries = Hooked.StreamSummaries("sharded", shards: 3);
        _probe.Attach(counts);
        _probe.Attach(summaries);
        return [counts, summaries];
    }

    [Fact]
    public async Task Two_daemons_apply_each_projection_one_at_a_time_and_when_the_owner_stops_the_other_takes_over_with_exact_totals()
    {
        var catalogA = db.Catalog(EngineFixture.Options("node-a", batchSize: 50), Node());
        var catalogB = db.Catalog(EngineFixture.Options("node-b", batchSize: 50), Node());
        var a = await db.StartDaemonAsync(catalogA);
        var b = await db.StartDaemonAsync(catalogB);

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                await db.Store.AppendManyAsync(Enumerable.Range(0, 5)
                    .Select(k => new StreamAppend($"order-{(i * 5 + k) % 97}", ExpectedVersion.Any, [TestEvents.Added("s")])).ToList());
                i++;
                await Task.Delay(3);
            }
        });

        await EngineFixture.WaitUntilAsync(() => Task.FromResult(a.Owned.Count + b.Owned.Count == 4), TimeSpan.FromSeconds(10), "all four shards owned");
        Assert.Empty(a.Owned.Intersect(b.Owned));
        await Task.Delay(800);

        // Stop whichever node owns the counting projection; the other must take it (and the rest) over.
        var (owner, survivor) = a.Owned.Contains("counts/0") ? (a, b) : (b, a);
        await owner.StopAsync(CancellationToken.None);
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(survivor.Owned.Count == 4), TimeSpan.FromSeconds(5), "the survivor owns everything");
        await Task.Delay(500);

        await stop.CancelAsync();
        await writer;
        await EngineFixture.WaitCaughtUpAsync(catalogA, TimeSpan.FromSeconds(20), "counts", "sharded");
        await survivor.StopAsync(CancellationToken.None);

        // One batch at a time per shard, whichever node applies it; the three shards of "sharded" may run side by side.
        Assert.Equal(["counts/0", "sharded/0", "sharded/1", "sharded/2"], _probe.MaxInFlight.Keys.Order());
        Assert.All(_probe.MaxInFlight, kv => Assert.Equal(1, kv.Value));
        var fromScratch = TestEvents.CountByStream(await db.WholeLogAsync());
        Assert.Equal(fromScratch, await db.KeyedAsync("SELECT key, count FROM {schema}.counts"));
        Assert.Equal(fromScratch, await db.KeyedAsync("SELECT stream_id, events FROM {schema}.sharded"));
        var owners = (await catalogA.GetStatusAsync("counts")).Single().Shards.Select(s => s.Owner).ToList();
        Assert.Equal(survivor == a ? "node-a" : "node-b", Assert.Single(owners));
    }
}

public sealed class NodeDeathTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task When_the_owners_connections_die_another_node_takes_over_within_seconds_from_the_checkpoint()
    {
        var catalogA = db.Catalog(EngineFixture.Options("node-a"), Hooked.StreamCounts("counts"));
        var a = await db.StartDaemonAsync(catalogA);
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(a.Owned.Count == 1), TimeSpan.FromSeconds(5), "node-a owns counts");
        var catalogB = db.Catalog(EngineFixture.Options("node-b"), Hooked.StreamCounts("counts"));
        var b = await db.StartDaemonAsync(catalogB);
        await StopMidBatchTests.AppendStreamsAsync(db.Store, 10, 10);
        await EngineFixture.WaitCaughtUpAsync(catalogA, TimeSpan.FromSeconds(20), "counts");
        Assert.Empty(b.Owned);

        // Node A "dies": PostgreSQL ends every backend holding its advisory lock, as when its host goes away.
        var died = DateTime.UtcNow;
        await using (var kill = db.DataSource.CreateCommand("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
              AND ((classid::bigint << 32) | objid::bigint) = $1
            """))
        {
            kill.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Daemon.ProjectionDaemon.LockKey(db.Schema, catalogA.Registry.Get("counts"), 0) });
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(b.Owned.Count == 1), TimeSpan.FromSeconds(5), "node-b takes over");
        var takeover = DateTime.UtcNow - died;
        Assert.True(takeover < TimeSpan.FromSeconds(3), $"takeover took {takeover}");
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(a.Owned.Count == 0), TimeSpan.FromSeconds(5), "node-a lets go");

        await StopMidBatchTests.AppendStreamsAsync(db.Store, 10, 5);
        await EngineFixture.WaitUntilAsync(async () => (await catalogB.GetStatusAsync("counts")).Single().Shards[0].Owner == "node-b",
            TimeSpan.FromSeconds(10), "node-b applies");
        await EngineFixture.WaitCaughtUpAsync(catalogB, TimeSpan.FromSeconds(20), "counts");
        await a.StopAsync(CancellationToken.None);
        await b.StopAsync(CancellationToken.None);
        Assert.Equal(TestEvents.CountByStream(await db.WholeLogAsync()), await db.KeyedAsync("SELECT key, count FROM {schema}.counts"));
    }
}
