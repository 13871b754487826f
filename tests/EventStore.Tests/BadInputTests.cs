using Npgsql;

namespace Es.EventStore.Tests;

public sealed class BadInputTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private PostgresEventStore Store => db.Store;

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_stream_id_is_refused(string streamId)
    {
        await Assert.ThrowsAsync<InvalidAppendException>(() => Store.AppendAsync(streamId, ExpectedVersion.Any, [TestEvents.Added()]));
        await Assert.ThrowsAsync<InvalidAppendException>(() => Store.ReadStreamAsync(streamId));
        await Assert.ThrowsAsync<InvalidAppendException>(() => Store.AppendManyAsync([new StreamAppend(streamId, ExpectedVersion.Any, [TestEvents.Added()])]));
    }

    [Fact]
    public async Task An_append_without_events_or_with_a_repeated_event_id_is_refused()
    {
        await Assert.ThrowsAsync<InvalidAppendException>(() => Store.AppendAsync("s-empty", ExpectedVersion.Any, []));
        var e = TestEvents.Added();
        await Assert.ThrowsAsync<InvalidAppendException>(() => Store.AppendAsync("s-dup", ExpectedVersion.Any, [e, e]));
        Assert.Null(await Store.GetStreamAsync("s-dup"));
    }

    [Fact]
    public async Task An_unregistered_clr_type_is_refused_before_any_write()
    {
        var ex = await Assert.ThrowsAsync<UnknownEventTypeException>(
            () => Store.AppendAsync("s-unregistered", ExpectedVersion.Any, [EventData.New(new { Anonymous = true })]));
        Assert.Contains("not a registered event type", ex.Message);
        Assert.Null(await Store.GetStreamAsync("s-unregistered"));
    }

    [Fact]
    public async Task An_oversized_payload_is_refused_and_nothing_of_its_append_is_written()
    {
        await using var small = db.NewStore(db.Types, o => o.MaxEventBytes = 1024);
        var stream = "s-big-" + Guid.NewGuid().ToString("N");
        var ex = await Assert.ThrowsAsync<EventTooLargeException>(() =>
            small.AppendAsync(stream, ExpectedVersion.Any, [TestEvents.Noted("fine"), TestEvents.Noted(new string('x', 2000))]));
        Assert.True(ex.Bytes > 1024);
        Assert.Null(await small.GetStreamAsync(stream));
    }

    [Fact]
    public async Task A_connection_lost_mid_bulk_append_is_a_clear_error_and_leaves_nothing_half_written()
    {
        var streams = Enumerable.Range(0, 2000).Select(i => $"lost-{i}-{Guid.NewGuid():N}").ToArray();
        var parts = streams.Select(s => new StreamAppend(s, ExpectedVersion.NoStream,
            Enumerable.Range(0, 100).Select(i => TestEvents.Noted(new string('p', 200))).ToList())).ToList();

        var append = Task.Run(() => Store.AppendManyAsync(parts));
        // Kill the appending backend as soon as its COPY is running.
        var killed = false;
        await using (var admin = await db.DataSource.OpenConnectionAsync())
        {
            while (!append.IsCompleted && !killed)
            {
                await using var kill = new NpgsqlCommand($"""
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE query LIKE 'COPY {db.Schema}.events%' AND pid <> pg_backend_pid()
                    """, admin);
                killed = (long)(await kill.ExecuteScalarAsync())! > 0;
                if (!killed) await Task.Delay(2);
            }
        }
        Assert.True(killed, "the bulk append finished before it could be interrupted");

        var ex = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => append);
        Assert.Contains("Bulk append", ex.Message);
        var written = await db.ScalarAsync($"SELECT count(*) FROM {{schema}}.events WHERE stream_id LIKE 'lost-%'");
        var streamsWritten = await db.ScalarAsync($"SELECT count(*) FROM {{schema}}.streams WHERE stream_id LIKE 'lost-%'");
        Assert.Equal(0, written);
        Assert.Equal(0, streamsWritten);

        // The caller's retry with the same events then stores them exactly once.
        var retried = await Store.AppendManyAsync(parts);
        Assert.All(retried, r => Assert.Equal(100, r.NextVersion));
        Assert.Equal(200_000, await db.ScalarAsync($"SELECT count(*) FROM {{schema}}.events WHERE stream_id LIKE 'lost-%'"));
    }

    [Fact]
    public async Task A_connection_lost_mid_transaction_append_leaves_nothing_half_written()
    {
        var stream = "s-tx-lost-" + Guid.NewGuid().ToString("N");
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await Store.AppendAsync(tx, stream, ExpectedVersion.NoStream, [TestEvents.Added()]);
        await using (var admin = await db.DataSource.OpenConnectionAsync())
        await using (var kill = new NpgsqlCommand($"SELECT pg_terminate_backend({connection.ProcessID})", admin))
            await kill.ExecuteScalarAsync();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => tx.CommitAsync());
        Assert.Null(await Store.GetStreamAsync(stream));
        Assert.Empty(await Store.ReadStreamAsync(stream));
    }
}
