using Npgsql;

namespace Es.EventStore.Tests;

public sealed class BadInputTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private MartenEventStore Store => db.Store;
    private static string NewStream(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

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
        var small = await db.NewStoreAsync(db.Types, o => o.MaxEventBytes = 1024);
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
        // Kill the appending backend while it copies the events (its streams' rows are copied already, in the same transaction).
        var killed = await TerminateWhileRunningAsync(append, $"COPY {db.Schema}.mt_events%");
        Assert.True(killed, "the bulk append finished before it could be interrupted");

        var ex = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => append);
        Assert.Contains("Bulk append", ex.Message);
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM {schema}.mt_events WHERE stream_id LIKE 'lost-%'"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM {schema}.mt_streams WHERE id LIKE 'lost-%'"));

        // The caller's retry with the same events then stores them exactly once.
        var retried = await Store.AppendManyAsync(parts);
        Assert.All(retried, r => Assert.Equal(100, r.NextVersion));
        Assert.Equal(200_000, await db.ScalarAsync("SELECT count(*) FROM {schema}.mt_events WHERE stream_id LIKE 'lost-%'"));
        Assert.Equal(2000, await db.ScalarAsync("SELECT count(*) FROM {schema}.mt_streams WHERE id LIKE 'lost-%' AND version = 100"));
    }

    [Fact]
    public async Task A_connection_lost_mid_append_is_a_clear_error_and_leaves_the_stream_as_it_was_or_complete()
    {
        var stream = NewStream("s-lost");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added()]);
        // Big enough that Marten's append function runs long enough to be interrupted.
        var events = Enumerable.Range(0, 30_000).Select(i => TestEvents.Noted(new string('q', 100))).ToList();

        var append = Task.Run(() => Store.AppendAsync(stream, ExpectedVersion.Any, events));
        var killed = await TerminateWhileRunningAsync(append, $"%{db.Schema}.mt_quick_append_events%");
        Assert.True(killed, "the append finished before it could be interrupted");

        var outcome = await Record.ExceptionAsync(() => append);
        var version = (await Store.GetStreamAsync(stream))!.Version;
        var stored = await Store.ReadStreamAsync(stream);
        if (outcome is null)
        {
            // Marten may have retried the whole batch on a new connection: then it is complete, once.
            Assert.Equal(30_001, version);
        }
        else
        {
            Assert.True(outcome is EventStoreUnavailableException or NpgsqlException, $"unexpected {outcome}");
            Assert.Equal(1, version);
        }
        Assert.Equal(version, stored.Count);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(v => (long)v), stored.Select(e => e.StreamVersion));

        // The retry stores the events exactly once, whichever way the first try ended.
        var retried = await Store.AppendAsync(stream, ExpectedVersion.Any, events);
        Assert.Equal(30_001, retried.NextVersion);
        Assert.Equal(outcome is null, retried.AlreadyStored);
        Assert.Equal(30_001, (await Store.ReadStreamAsync(stream)).Count);
    }

    [Fact]
    public async Task A_log_query_on_pooled_connections_the_server_dropped_is_answered_from_fresh_ones()
    {
        // The store's own pool, named, so only its connections are dropped (as a PostgreSQL restart drops them all).
        var application = "es-dropped-" + Guid.NewGuid().ToString("N")[..8];
        await using var source = NpgsqlDataSource.Create($"{StoreFixture.ConnectionString};Application Name={application}");
        var store = new MartenEventStore(Store.Store, source, db.Types, Store.Options);
        var stream = NewStream("s-dropped");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added(), TestEvents.Noted()]);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => store.QueryEventsAsync(new EventQuery { StreamId = stream })));

        await using (var kill = db.DataSource.CreateCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1"))
        {
            kill.Parameters.Add(new NpgsqlParameter<string> { TypedValue = application });
            Assert.True((long)(await kill.ExecuteScalarAsync())! >= 1);
        }

        Assert.Equal(2, (await store.QueryEventsAsync(new EventQuery { StreamId = stream })).Count);
    }

    // Terminates every backend of this schema's class whose statement matches while `work` runs; whether one was hit.
    private async Task<bool> TerminateWhileRunningAsync(Task work, string statementPattern)
    {
        await using var admin = await db.DataSource.OpenConnectionAsync();
        await using var kill = new NpgsqlCommand("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()
            """, admin);
        kill.Parameters.Add(new NpgsqlParameter<string> { TypedValue = statementPattern });
        while (!work.IsCompleted)
        {
            if ((long)(await kill.ExecuteScalarAsync())! > 0) return true;
            await Task.Delay(2);
        }
        return false;
    }
}
