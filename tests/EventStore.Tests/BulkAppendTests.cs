namespace Es.EventStore.Tests;

public sealed class BulkAppendTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private MartenEventStore Store => db.Store;
    private static string NewStream() => "order-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Bulk_append_writes_many_streams_with_consecutive_versions_and_metadata()
    {
        var existing = NewStream();
        await Store.AppendAsync(existing, ExpectedVersion.NoStream, [TestEvents.Added()]);
        var fresh = NewStream();
        var parts = new List<StreamAppend>
        {
            new(existing, ExpectedVersion.Exactly(1), [TestEvents.Added("x"), TestEvents.Added("y")], new EventMetadata { Source = "kafka:orders/0/1" }),
            new(fresh, ExpectedVersion.NoStream, [TestEvents.Added("z")], new EventMetadata { Source = "kafka:orders/0/2" }),
            // The same stream again in one bulk: its expectation follows the part before it.
            new(fresh, ExpectedVersion.Exactly(1), [TestEvents.Noted()], new EventMetadata { Source = "kafka:orders/0/3" }),
        };

        var results = await Store.AppendManyAsync(parts);

        Assert.Equal([3L, 1L, 2L], results.Select(r => r.NextVersion));
        var existingEvents = await Store.ReadStreamAsync(existing);
        Assert.Equal([1L, 2L, 3L], existingEvents.Select(e => e.StreamVersion));
        Assert.Equal("kafka:orders/0/1", existingEvents[2].Metadata.Source);
        Assert.Equal(results[0].Sequences, existingEvents.Skip(1).Select(e => e.Sequence));
        var freshEvents = await Store.ReadStreamAsync(fresh);
        Assert.Equal(["ItemAdded", "Note"], freshEvents.Select(e => e.EventType));
        Assert.Equal(2, (await Store.GetStreamAsync(fresh))!.Version);
    }

    [Fact]
    public async Task Bulk_append_with_stale_streams_writes_nothing_and_names_every_conflict_with_its_actual_version()
    {
        var a = NewStream();
        await Store.AppendAsync(a, ExpectedVersion.NoStream, [TestEvents.Added(), TestEvents.Added()]);
        var b = NewStream();

        var c = NewStream();
        await Store.AppendAsync(c, ExpectedVersion.NoStream, [TestEvents.Added()]);
        var d = NewStream();

        var ex = await Assert.ThrowsAsync<BulkAppendConflictException>(() => Store.AppendManyAsync(
        [
            new StreamAppend(b, ExpectedVersion.NoStream, [TestEvents.Added()]),
            new StreamAppend(a, ExpectedVersion.Exactly(1), [TestEvents.Added()]),
            new StreamAppend(c, ExpectedVersion.NoStream, [TestEvents.Added()]),
            new StreamAppend(d, ExpectedVersion.StreamExists, [TestEvents.Added()]),
        ]));

        Assert.Equal([a, c, d], ex.Conflicts.Select(x => x.StreamId));
        Assert.Equal([2L, 1L, 0L], ex.Conflicts.Select(x => x.ActualVersion));
        Assert.Empty(await Store.ReadStreamAsync(b));
        Assert.Null(await Store.GetStreamAsync(b));
        Assert.Null(await Store.GetStreamAsync(d));
        Assert.Equal(2, (await Store.GetStreamAsync(a))!.Version);
        Assert.Equal(1, (await Store.GetStreamAsync(c))!.Version);
    }

    [Fact]
    public async Task Bulk_append_of_new_streams_writes_every_events_metadata_and_its_recording_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var metadata = new EventMetadata { Actor = "ingest:" + Guid.NewGuid().ToString("N"), CorrelationId = "c-bulk", CausationId = "m-7", Source = "kafka:orders/1/7" };
        var parts = Enumerable.Range(0, 3).Select(_ => new StreamAppend(NewStream(), ExpectedVersion.NoStream,
            [TestEvents.Added(), TestEvents.Noted()], metadata)).ToList();

        var results = await Store.AppendManyAsync(parts);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        var stored = await Store.QueryEventsAsync(new EventQuery { Actor = metadata.Actor });
        Assert.Equal(results.SelectMany(r => r.Sequences), stored.Select(e => e.Sequence));
        Assert.All(stored, e => Assert.Equal(metadata, e.Metadata));
        Assert.All(stored, e => Assert.InRange(e.RecordedAt, before, after));
        Assert.Equal(6, (await Store.QueryEventsAsync(new EventQuery { Actor = metadata.Actor, RecordedFrom = before, RecordedTo = after })).Count);
        Assert.All(stored, e => Assert.Equal(1, e.SchemaVersion));
        var info = (await Store.GetStreamAsync(parts[1].StreamId))!;
        Assert.Equal(2, info.Version);
        Assert.InRange(info.UpdatedAt, before, after);
    }

    [Fact]
    public async Task Redelivered_bulk_parts_are_skipped_and_new_ones_appended()
    {
        var a = NewStream();
        var b = NewStream();
        var first = new StreamAppend(a, ExpectedVersion.NoStream, [TestEvents.Added("1"), TestEvents.Added("2")]);
        var original = await Store.AppendManyAsync([first]);

        // A consumer crashed before committing its offset: the batch comes again, with more.
        var again = await Store.AppendManyAsync([first, new StreamAppend(b, ExpectedVersion.Any, [TestEvents.Added("3")])]);

        Assert.True(again[0].AlreadyStored);
        Assert.Equal(original[0].Sequences, again[0].Sequences);
        Assert.Equal(2, again[0].NextVersion);
        Assert.False(again[1].AlreadyStored);
        Assert.Equal(2, (await Store.ReadStreamAsync(a)).Count);
        Assert.Single(await Store.ReadStreamAsync(b));
    }

    [Fact]
    public async Task A_bulk_redelivered_halfway_answers_the_stored_parts_and_writes_the_rest_once()
    {
        var parts = Enumerable.Range(0, 10).Select(i => new StreamAppend(NewStream(), ExpectedVersion.NoStream,
            Enumerable.Range(0, 3).Select(k => TestEvents.Added($"{i}", k)).ToList())).ToList();
        // The first delivery stopped after half of the batch was stored.
        var firstHalf = await Store.AppendManyAsync(parts.Take(5).ToList());

        var all = await Store.AppendManyAsync(parts);

        Assert.Equal(Enumerable.Repeat(true, 5).Concat(Enumerable.Repeat(false, 5)), all.Select(r => r.AlreadyStored));
        for (var i = 0; i < 5; i++) Assert.Equal(firstHalf[i].Sequences, all[i].Sequences);
        Assert.All(all, r => Assert.Equal(3, r.NextVersion));
        foreach (var (part, result) in parts.Zip(all))
        {
            var events = await Store.ReadStreamAsync(part.StreamId);
            Assert.Equal(part.Events.Select(e => e.EventId), events.Select(e => e.EventId));
            Assert.Equal(result.Sequences, events.Select(e => e.Sequence));
        }

        // And a third delivery writes nothing at all.
        var third = await Store.AppendManyAsync(parts);
        Assert.All(third, r => Assert.True(r.AlreadyStored));
        Assert.Equal(all.SelectMany(r => r.Sequences), third.SelectMany(r => r.Sequences));
    }

    [Fact]
    public async Task Bulk_append_redelivered_with_a_now_stale_expectation_still_answers_the_stored_parts()
    {
        var a = NewStream();
        var part = new StreamAppend(a, ExpectedVersion.NoStream, [TestEvents.Added("1")]);
        var original = await Store.AppendManyAsync([part]);
        await Store.AppendAsync(a, ExpectedVersion.Exactly(1), [TestEvents.Added("2")]);

        var again = await Store.AppendManyAsync([part]);

        Assert.True(again[0].AlreadyStored);
        Assert.Equal(original[0].Sequences, again[0].Sequences);
        Assert.Equal(1, again[0].NextVersion);
        Assert.Equal(2, (await Store.ReadStreamAsync(a)).Count);
    }

    [Fact]
    public async Task Bulk_append_of_ten_thousand_events_over_a_thousand_streams_keeps_every_event()
    {
        var streams = Enumerable.Range(0, 1000).Select(_ => NewStream()).ToArray();
        var parts = streams.Select(s => new StreamAppend(s, ExpectedVersion.NoStream,
            Enumerable.Range(0, 10).Select(i => TestEvents.Added(s, i)).ToList())).ToList();

        var results = await Store.AppendManyAsync(parts);

        Assert.All(results, r => Assert.Equal(10, r.NextVersion));
        Assert.Equal(10_000, results.SelectMany(r => r.Sequences).Distinct().Count());
        var sample = await Store.ReadStreamAsync(streams[500]);
        Assert.Equal(Enumerable.Range(0, 10), sample.Select(e => ((ItemAdded)e.Data).Quantity));
        Assert.Equal(results[500].Sequences, sample.Select(e => e.Sequence));
        Assert.Equal(10_000, await db.ScalarAsync($"SELECT count(*) FROM {{schema}}.mt_events WHERE stream_id = ANY (ARRAY['{string.Join("','", streams)}'])"));
    }

    [Fact]
    public async Task Concurrent_bulk_appends_to_overlapping_streams_neither_deadlock_nor_lose_events()
    {
        var streams = Enumerable.Range(0, 20).Select(_ => NewStream()).ToArray();
        var rnd = new Random(7);
        var batches = Enumerable.Range(0, 8).Select(_ => streams.OrderBy(_ => rnd.Next()).Take(10)
            .Select(s => new StreamAppend(s, ExpectedVersion.Any, [TestEvents.Added(s)])).ToList()).ToList();

        var results = await Task.WhenAll(batches.Select(b => Task.Run(() => Store.AppendManyAsync(b))))
            .WaitAsync(TimeSpan.FromSeconds(60));

        var total = 0;
        var byId = new Dictionary<Guid, RecordedEvent>();
        foreach (var s in streams)
        {
            var events = await Store.ReadStreamAsync(s);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.StreamVersion));
            total += events.Count;
            foreach (var e in events) byId[e.EventId] = e;
        }
        Assert.Equal(80, total);
        // Every result names the version and sequence its event got.
        foreach (var (batch, result) in batches.SelectMany(b => b).Zip(results.SelectMany(r => r)))
        {
            var e = byId[batch.Events[0].EventId];
            Assert.Equal(e.StreamVersion, result.NextVersion);
            Assert.Equal(e.Sequence, Assert.Single(result.Sequences));
        }
    }
}
