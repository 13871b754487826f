namespace Es.EventStore.Tests;

public sealed class AppendTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private MartenEventStore Store => db.Store;
    private static string NewStream() => "cart-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Append_to_a_new_stream_returns_its_version_and_global_positions()
    {
        var stream = NewStream();
        var result = await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added("A"), TestEvents.Added("B")]);

        Assert.Equal(2, result.NextVersion);
        Assert.Equal(2, result.Sequences.Count);
        Assert.True(result.Sequences[1] > result.Sequences[0]);
        Assert.False(result.AlreadyStored);
        var read = await Store.ReadStreamAsync(stream);
        Assert.Equal([1L, 2L], read.Select(e => e.StreamVersion));
        Assert.Equal(result.Sequences, read.Select(e => e.Sequence));
        Assert.Equal(new ItemAdded("B", 1), read[1].Data);
        Assert.Equal("ItemAdded", read[1].EventType);
    }

    [Fact]
    public async Task Append_with_exact_expected_version_advances_the_stream()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added()]);
        var result = await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [TestEvents.Added(), TestEvents.Added()]);
        Assert.Equal(3, result.NextVersion);
        Assert.Equal(2, result.FirstVersion);
        Assert.Equal(3, (await Store.GetStreamAsync(stream))!.Version);
    }

    [Fact]
    public async Task Append_with_stale_expected_version_is_rejected_with_the_actual_version()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.Any, [TestEvents.Added(), TestEvents.Added()]);

        var ex = await Assert.ThrowsAsync<WrongExpectedVersionException>(
            () => Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [TestEvents.Added()]));
        Assert.Equal(2, ex.ActualVersion);
        Assert.Equal(stream, ex.StreamId);
        Assert.Equal(2, (await Store.ReadStreamAsync(stream)).Count);
    }

    [Fact]
    public async Task Append_expecting_no_stream_to_an_existing_stream_is_rejected()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added()]);
        var ex = await Assert.ThrowsAsync<WrongExpectedVersionException>(
            () => Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added()]));
        Assert.Equal(1, ex.ActualVersion);
    }

    [Fact]
    public async Task Append_expecting_an_existing_stream_to_a_missing_one_is_rejected_with_version_zero()
    {
        var ex = await Assert.ThrowsAsync<WrongExpectedVersionException>(
            () => Store.AppendAsync(NewStream(), ExpectedVersion.StreamExists, [TestEvents.Added()]));
        Assert.Equal(0, ex.ActualVersion);
        var exact = await Assert.ThrowsAsync<WrongExpectedVersionException>(
            () => Store.AppendAsync(NewStream(), ExpectedVersion.Exactly(3), [TestEvents.Added()]));
        Assert.Equal(0, exact.ActualVersion);
    }

    [Fact]
    public async Task Eight_writers_racing_on_one_stream_write_every_version_once_and_losers_get_the_typed_conflict()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Noted("start")]);
        const int writers = 8, appendsPerWriter = 25;
        var written = new System.Collections.Concurrent.ConcurrentBag<(Guid Id, long Version, long Sequence)>();
        var conflicts = 0;

        // Each writer reads the head, then appends expecting it; on a conflict it reads again.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var done = 0;
            while (done < appendsPerWriter)
            {
                var head = (await Store.GetStreamAsync(stream))!.Version;
                var e = TestEvents.Noted($"{w}-{done}");
                try
                {
                    var result = await Store.AppendAsync(stream, ExpectedVersion.Exactly(head), [e]);
                    Assert.Equal(head + 1, result.NextVersion);
                    written.Add((e.EventId, result.NextVersion, Assert.Single(result.Sequences)));
                    done++;
                }
                catch (WrongExpectedVersionException ex)
                {
                    Assert.True(ex.ActualVersion > head);
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        var events = await AssertEveryWriteStoredOnceAsync(stream, 1 + writers * appendsPerWriter, written);
        Assert.Equal(events.Count, events.Select(e => e.Sequence).Distinct().Count());
        Assert.True(conflicts > 0, "8 racing writers should have collided at least once");
    }

    [Fact]
    public async Task Append_expecting_an_existing_stream_appends_after_its_head()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added(), TestEvents.Added()]);
        var result = await Store.AppendAsync(stream, ExpectedVersion.StreamExists, [TestEvents.Noted()]);
        Assert.Equal(3, result.NextVersion);
        Assert.Equal(3, result.FirstVersion);
        var read = await Store.ReadStreamAsync(stream);
        Assert.Equal([1L, 2L, 3L], read.Select(e => e.StreamVersion));
        Assert.Equal(result.Sequences, [read[2].Sequence]);
    }

    [Fact]
    public async Task Eight_writers_appending_with_any_or_stream_exists_to_one_stream_never_conflict_and_lose_nothing()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Noted("start")]);
        const int writers = 8, appendsPerWriter = 25;
        var written = new System.Collections.Concurrent.ConcurrentBag<(Guid Id, long Version, long Sequence)>();

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var expected = w % 2 == 0 ? ExpectedVersion.Any : ExpectedVersion.StreamExists;
            for (var i = 0; i < appendsPerWriter; i++)
            {
                var e = TestEvents.Noted($"{w}-{i}");
                var result = await Store.AppendAsync(stream, expected, [e]);
                written.Add((e.EventId, result.NextVersion, Assert.Single(result.Sequences)));
            }
        })));

        await AssertEveryWriteStoredOnceAsync(stream, 1 + writers * appendsPerWriter, written);
    }

    [Fact]
    public async Task Appending_the_same_event_ids_again_is_a_no_op_returning_the_original_result()
    {
        var stream = NewStream();
        var events = new[] { TestEvents.Added("A"), TestEvents.Added("B") };
        var first = await Store.AppendAsync(stream, ExpectedVersion.NoStream, events);
        await Store.AppendAsync(stream, ExpectedVersion.Any, [TestEvents.Added("C")]);

        // A retry with a now-stale expectation still succeeds: these facts are already stored.
        var again = await Store.AppendAsync(stream, ExpectedVersion.NoStream, events);

        Assert.True(again.AlreadyStored);
        Assert.Equal(first.NextVersion, again.NextVersion);
        Assert.Equal(first.Sequences, again.Sequences);
        Assert.Equal(3, (await Store.ReadStreamAsync(stream)).Count);
    }

    [Fact]
    public async Task Concurrent_identical_appends_store_the_events_once()
    {
        var stream = NewStream();
        var events = new[] { TestEvents.Added("A") };
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Store.AppendAsync(stream, ExpectedVersion.Any, events))));

        Assert.Single(results, r => !r.AlreadyStored);
        Assert.All(results, r => Assert.Equal(results[0].Sequences, r.Sequences));
        Assert.Single(await Store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task Appending_a_mix_of_stored_and_new_event_ids_is_rejected_and_writes_nothing()
    {
        var stream = NewStream();
        var a = TestEvents.Added("A");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [a]);
        await Assert.ThrowsAsync<InvalidAppendException>(() => Store.AppendAsync(stream, ExpectedVersion.Any, [a, TestEvents.Added("B")]));
        Assert.Single(await Store.ReadStreamAsync(stream));
    }

    [Fact]
    public async Task Metadata_is_stored_on_every_event_and_queryable_by_actor_correlation_type_and_time()
    {
        var stream = NewStream();
        var correlation = Guid.NewGuid().ToString();
        var actor = "member-" + Guid.NewGuid().ToString("N");
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var metadata = new EventMetadata { Actor = actor, CorrelationId = correlation, CausationId = "cmd-1", Source = "graphql" };
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added(), TestEvents.Noted()], metadata);
        await Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [TestEvents.Added()], new EventMetadata { Actor = "someone-else" });

        var byActor = await Store.QueryEventsAsync(new EventQuery { Actor = actor });
        Assert.Equal(2, byActor.Count);
        Assert.All(byActor, e => Assert.Equal(metadata, e.Metadata));
        Assert.Equal(2, (await Store.QueryEventsAsync(new EventQuery { CorrelationId = correlation })).Count);
        var notes = await Store.QueryEventsAsync(new EventQuery { Actor = actor, EventType = "Note" });
        Assert.Equal("Note", Assert.Single(notes).EventType);
        Assert.Equal(2, (await Store.QueryEventsAsync(new EventQuery { StreamId = stream, RecordedFrom = before, RecordedTo = DateTimeOffset.UtcNow.AddSeconds(5) })).Count);
        Assert.Empty(await Store.QueryEventsAsync(new EventQuery { StreamId = stream, RecordedTo = before }));
        var paged = await Store.QueryEventsAsync(new EventQuery { Actor = actor, Limit = 1 });
        var next = await Store.QueryEventsAsync(new EventQuery { Actor = actor, AfterSequence = paged[0].Sequence });
        Assert.Equal(byActor[1].EventId, Assert.Single(next).EventId);
    }

    [Fact]
    public async Task An_archived_stream_stays_readable_and_refuses_new_events()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added()]);
        await Store.ArchiveStreamAsync(stream);

        await Assert.ThrowsAsync<StreamArchivedException>(() => Store.AppendAsync(stream, ExpectedVersion.Any, [TestEvents.Added()]));
        await Assert.ThrowsAsync<StreamArchivedException>(() => Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [TestEvents.Added()]));
        await Assert.ThrowsAsync<StreamArchivedException>(() => Store.AppendAsync(stream, ExpectedVersion.StreamExists, [TestEvents.Added()]));
        await Assert.ThrowsAsync<StreamArchivedException>(() => Store.AppendManyAsync([new StreamAppend(stream, ExpectedVersion.Any, [TestEvents.Added()])]));
        var beside = NewStream();
        await Assert.ThrowsAsync<StreamArchivedException>(() => Store.AppendManyAsync(
        [
            new StreamAppend(beside, ExpectedVersion.NoStream, [TestEvents.Added()]),
            new StreamAppend(stream, ExpectedVersion.Exactly(1), [TestEvents.Added()]),
        ]));
        Assert.Null(await Store.GetStreamAsync(beside));
        var read = Assert.Single(await Store.ReadStreamAsync(stream));
        Assert.True(read.Archived);
        Assert.True((await Store.GetStreamAsync(stream))!.Archived);
        Assert.Equal(read.EventId, Assert.Single(await Store.QueryEventsAsync(new EventQuery { StreamId = stream })).EventId);
    }

    [Fact]
    public async Task Archiving_a_missing_stream_is_an_error()
    {
        await Assert.ThrowsAsync<InvalidAppendException>(() => Store.ArchiveStreamAsync(NewStream()));
    }

    /// <summary>The stream holds this many events at versions 1..n, and each write landed at the version and sequence it was answered with.</summary>
    private async Task<IReadOnlyList<RecordedEvent>> AssertEveryWriteStoredOnceAsync(string stream, int count,
        IEnumerable<(Guid Id, long Version, long Sequence)> written)
    {
        var events = await Store.ReadStreamAsync(stream);
        Assert.Equal(count, events.Count);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.StreamVersion));
        var byId = events.ToDictionary(e => e.EventId);
        foreach (var (id, version, sequence) in written)
        {
            Assert.Equal(version, byId[id].StreamVersion);
            Assert.Equal(sequence, byId[id].Sequence);
        }
        return events;
    }
}
