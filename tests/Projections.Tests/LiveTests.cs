using Es.EventStore;

namespace Es.Projections.Tests;

public sealed class LiveProjectionTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Marten_daemon_builds_an_async_projection_from_the_log_and_follows_new_appends()
    {
        await TestEvents.AppendStreamsAsync(db.Store, 10, 5);
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 7), Hooked.StreamCounts("live_counts"));
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(30), "live_counts");
        Assert.Equal(await db.CountByStreamAsync(), await db.KeyedAsync("SELECT key, count FROM {schema}.live_counts"));

        await db.Store.AppendAsync("cart-3", ExpectedVersion.Any, [TestEvents.Added("late"), TestEvents.Noted("later")]);
        await EngineFixture.WaitUntilAsync(async () => await db.ScalarAsync("SELECT count FROM {schema}.live_counts WHERE key = 'cart-3'") == 7,
            TimeSpan.FromSeconds(20), "the new appends are projected");
        var status = (await node.Catalog.GetStatusAsync("live_counts")).Single();
        Assert.Equal(ProjectionState.Running, status.State);
        Assert.Equal(52, status.Position);
    }
}

public sealed class GapSafetyTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Eight_writers_some_holding_their_transaction_open_or_rolling_back_are_projected_exactly_once_each()
    {
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 100), Hooked.StreamCounts("gap_counts"));
        var committed = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(12));
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var stream = $"w{w}-{i++ % 5}";
                await using var session = db.Store.Store.LightweightSession();
                session.Events.Append(stream, new Note($"{w}/{i}"));
                if (w is 6 or 7) await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(200, 1200)));
                if (w == 7 && i % 2 == 0)
                {
                    // Marten never sends it: a session dropped without SaveChanges writes nothing. Roll back in the database instead.
                    await using var connection = await db.DataSource.OpenConnectionAsync();
                    await using var tx = await connection.BeginTransactionAsync();
                    await using var cmd = new Npgsql.NpgsqlCommand($"SELECT nextval('{db.Schema}.mt_events_sequence')", connection, tx);
                    await cmd.ExecuteScalarAsync();
                    await Task.Delay(Random.Shared.Next(100, 600));
                    await tx.RollbackAsync();
                    continue;
                }
                await session.SaveChangesAsync();
                committed.AddOrUpdate(stream, 1, (_, n) => n + 1);
            }
        })).ToList();
        await Task.WhenAll(writers);
        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(60), "gap_counts");
        Assert.True(committed.Values.Sum() > 100, $"only {committed.Values.Sum()} events were committed");
        Assert.Equal(committed.ToDictionary(), await db.KeyedAsync("SELECT key, count FROM {schema}.gap_counts"));
        Assert.Equal(committed.ToDictionary(), await db.CountByStreamAsync());
    }
}

public sealed class NewProjectionOnALongLogTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task A_projection_added_to_a_log_with_history_is_built_by_the_rebuild_runner_while_writers_append_then_followed_by_the_daemon()
    {
        const int streams = 20, eventsPerStream = 10;
        await using (var first = await db.StartNodeAsync(EngineFixture.Options(), Hooked.StreamCounts("older")))
        {
            await TestEvents.AppendStreamsAsync(db.Store, streams, eventsPerStream);
            await EngineFixture.WaitCaughtUpAsync(first.Catalog, TimeSpan.FromSeconds(30), "older");
            await EngineFixture.WaitUntilAsync(async () => await HighWaterMarkAsync() >= streams * eventsPerStream,
                TimeSpan.FromSeconds(20), "Marten recorded its high-water mark");
        }

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await db.Store.AppendAsync($"cart-{i % streams}", ExpectedVersion.Any, [TestEvents.Added("during")]);
                await Task.Delay(5);
            }
        });
        await using var node = await db.StartNodeAsync(EngineFixture.Options(batchSize: 50), Hooked.StreamCounts("older"), Hooked.StreamCounts("newer"));
        await EngineFixture.WaitUntilAsync(async () => (await node.Catalog.GetStatusAsync("newer")) is [{ IsCurrent: true }],
            TimeSpan.FromSeconds(30), "the new projection's first build is swapped in");
        await Task.Delay(300); // the daemon follows on from the swap
        stop.Cancel();
        await writer;

        await EngineFixture.WaitCaughtUpAsync(node.Catalog, TimeSpan.FromSeconds(30), "older", "newer");
        var log = await db.CountByStreamAsync();
        Assert.True(log.Values.Sum() > streams * eventsPerStream, "writers appended while the build was made");
        Assert.Equal(log, await db.KeyedAsync("SELECT key, count FROM {schema}.newer"));
        Assert.Equal(log, await db.KeyedAsync("SELECT key, count FROM {schema}.older"));
        // The runner read the history (its build row counts what it applied); the daemon did not start from 0.
        Assert.True(await db.ScalarAsync("SELECT events_processed FROM {schema}.projection_builds WHERE name = 'newer' AND generation = 1")
                    >= streams * eventsPerStream);
    }

    private Task<long> HighWaterMarkAsync() =>
        db.ScalarAsync("SELECT coalesce(max(last_seq_id), 0) FROM {schema}.mt_event_progression WHERE name = 'HighWaterMark'");
}
