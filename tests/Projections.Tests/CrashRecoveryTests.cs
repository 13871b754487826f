using Es.EventStore;
using Npgsql;

namespace Es.Projections.Tests;

// Each test owns its schema: it compares a read model with the whole log.
public sealed class StopMidBatchTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Stopping_the_daemon_mid_batch_rolls_the_batch_back_and_a_restart_counts_nothing_twice()
    {
        var projection = Hooked.StreamCounts("stream_counts");
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var block = true;
        projection.After = async (batch, ct) =>
        {
            // The rows of this batch are written but not committed when the daemon is stopped.
            if (block && batch.Events.Any(e => e.Event.Data is Note { Text: "block" }))
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        };
        await AppendStreamsAsync(db.Store, 40, 12, marker: 250);

        var catalog = db.Catalog(EngineFixture.Options(batchSize: 100), projection);
        var first = await db.StartDaemonAsync(catalog);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await first.StopAsync(CancellationToken.None);
        first.Dispose();

        var stopped = Assert.Single(await catalog.GetStatusAsync("stream_counts"));
        Assert.True(stopped.EventsProcessed < 300, $"the blocked batch must not have committed ({stopped.EventsProcessed} processed)");
        var partial = await db.ScalarAsync("SELECT coalesce(sum(count), 0) FROM {schema}.stream_counts");
        Assert.Equal(stopped.EventsProcessed, partial);

        block = false;
        var second = await db.StartDaemonAsync(db.Catalog(EngineFixture.Options(node: "node-b", batchSize: 100), projection));
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "stream_counts");
        await second.StopAsync(CancellationToken.None);

        var fromScratch = TestEvents.CountByStream(await db.WholeLogAsync());
        Assert.Equal(fromScratch, await db.KeyedAsync("SELECT key, count FROM {schema}.stream_counts"));
    }

    internal static async Task AppendStreamsAsync(PostgresEventStore store, int streams, int eventsPerStream, int marker = -1)
    {
        var appends = new List<StreamAppend>();
        var n = 0;
        for (var v = 0; v < eventsPerStream; v++)
            for (var s = 0; s < streams; s++)
                appends.Add(new StreamAppend($"cart-{s}", ExpectedVersion.Any,
                    [n++ == marker ? TestEvents.Noted("block") : TestEvents.Added($"sku-{s % 7}")]));
        // Many small transactions, so the log has many transaction ids as in production.
        foreach (var chunk in appends.Chunk(20)) await store.AppendManyAsync(chunk);
    }
}

public sealed class KillConnectionMidBatchTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task Killing_the_daemons_connection_mid_batch_loses_the_batch_and_the_retry_counts_nothing_twice()
    {
        var projection = Hooked.StreamCounts("stream_counts");
        var killed = 0;
        projection.After = async (batch, ct) =>
        {
            if (batch.Events.Any(e => e.Event.Data is Note { Text: "block" }) && Interlocked.CompareExchange(ref killed, 1, 0) == 0)
            {
                // What a crashed node looks like to PostgreSQL: its backend goes away mid-transaction.
                await using var cmd = db.DataSource.CreateCommand("SELECT pg_terminate_backend($1)");
                cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batch.Connection.ProcessID });
                await cmd.ExecuteNonQueryAsync(ct);
            }
        };
        await StopMidBatchTests.AppendStreamsAsync(db.Store, 30, 10, marker: 150);

        var catalog = db.Catalog(EngineFixture.Options(batchSize: 64), projection);
        var daemon = await db.StartDaemonAsync(catalog);
        await EngineFixture.WaitCaughtUpAsync(catalog, TimeSpan.FromSeconds(20), "stream_counts");
        await daemon.StopAsync(CancellationToken.None);

        Assert.Equal(1, killed);
        var fromScratch = TestEvents.CountByStream(await db.WholeLogAsync());
        Assert.Equal(fromScratch, await db.KeyedAsync("SELECT key, count FROM {schema}.stream_counts"));
    }
}
