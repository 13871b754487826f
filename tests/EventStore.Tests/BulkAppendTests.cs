namespace Es.EventStore.Tests;

public sealed class BulkAppendTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private PostgresEventStore Store => db.Store;
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
        Assert.Equal(results[0].Positions, existingEvents.Skip(1).Select(e => e.Position));
        var freshEvents = await Store.ReadStreamAsync(fresh);
        Assert.Equal(["ItemAdded", "Note"], freshEvents.Select(e => e.EventType));
        Assert.Equal(2, (await Store.GetStreamAsync(fresh))!.Version);
    }

    [Fact]
    public async Task Bulk_append_with_one_stale_stream_writes_nothing_and_names_every_conflict()
    {
        var a = NewStream();
        await Store.AppendAsync(a, ExpectedVersion.NoStream, [TestEvents.Added(), TestEvents.Added()]);
        var b = NewStream();

        var ex = await Assert.ThrowsAsync<BulkAppendConflictException>(() => Store.AppendManyAsync(
        [
            new StreamAppend(b, ExpectedVersion.NoStream, [TestEvents.Added()]),
            new StreamAppend(a, ExpectedVersion.Exactly(1), [TestEvents.Added()]),
        ]));

        var conflict = Assert.Single(ex.Conflicts);
        Assert.Equal(a, conflict.StreamId);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Empty(await Store.ReadStreamAsync(b));
        Assert.Null(await Store.GetStreamAsync(b));
        Assert.Equal(2, (await Store.GetStreamAsync(a))!.Version);
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
        Assert.Equal(original[0].Positions, again[0].Positions);
        Assert.Equal(2, again[0].NextVersion);
        Assert.False(again[1].AlreadyStored);
        Assert.Equal(2, (await Store.ReadStreamAsync(a)).Count);
        Assert.Single(await Store.ReadStreamAsync(b));
    }

    [Fact]
    public async Task Bulk_append_of_ten_thousand_events_over_a_thousand_streams_keeps_every_event()
    {
        var streams = Enumerable.Range(0, 1000).Select(_ => NewStream()).ToArray();
        var parts = streams.Select(s => new StreamAppend(s, ExpectedVersion.NoStream,
            Enumerable.Range(0, 10).Select(i => TestEvents.Added(s, i)).ToList())).ToList();

        var results = await Store.AppendManyAsync(parts);

        Assert.All(results, r => Assert.Equal(10, r.NextVersion));
        Assert.Equal(10_000, results.SelectMany(r => r.Positions).Distinct().Count());
        var sample = await Store.ReadStreamAsync(streams[500]);
        Assert.Equal(Enumerable.Range(0, 10), sample.Select(e => ((ItemAdded)e.Data).Quantity));
    }

    [Fact]
    public async Task Concurrent_bulk_appends_to_overlapping_streams_neither_deadlock_nor_lose_events()
    {
        var streams = Enumerable.Range(0, 20).Select(_ => NewStream()).ToArray();
        var rnd = new Random(7);
        var batches = Enumerable.Range(0, 8).Select(_ => streams.OrderBy(_ => rnd.Next()).Take(10)
            .Select(s => new StreamAppend(s, ExpectedVersion.Any, [TestEvents.Added(s)])).ToList()).ToList();

        await Task.WhenAll(batches.Select(b => Task.Run(() => Store.AppendManyAsync(b))));

        var total = 0;
        foreach (var s in streams)
        {
            var events = await Store.ReadStreamAsync(s);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.StreamVersion));
            total += events.Count;
        }
        Assert.Equal(80, total);
    }
}
