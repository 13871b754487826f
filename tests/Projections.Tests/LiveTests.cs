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
