using System.Text.Json.Nodes;

namespace Es.EventStore.Tests;

public sealed class ReadTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private MartenEventStore Store => db.Store;
    private static string NewStream() => "cart-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Read_stream_from_and_up_to_a_version()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, Enumerable.Range(1, 5).Select(i => TestEvents.Added($"s{i}")).ToList());

        var middle = await Store.ReadStreamAsync(stream, new StreamReadOptions { FromVersion = 2, ToVersion = 4 });
        Assert.Equal([2L, 3L, 4L], middle.Select(e => e.StreamVersion));
        var firstTwo = await Store.ReadStreamAsync(stream, new StreamReadOptions { MaxCount = 2 });
        Assert.Equal([1L, 2L], firstTwo.Select(e => e.StreamVersion));
        Assert.Empty(await Store.ReadStreamAsync(NewStream()));
        Assert.Null(await Store.GetStreamAsync(NewStream()));
    }

    [Fact]
    public async Task Read_stream_up_to_an_instant_returns_the_stream_as_it_was_then()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added("old")]);
        var first = (await Store.ReadStreamAsync(stream))[0].RecordedAt;
        await Task.Delay(50);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [TestEvents.Added("new")]);

        var asOfFirst = await Store.ReadStreamAsync(stream, new StreamReadOptions { ToInstant = first });
        Assert.Equal(new ItemAdded("old", 1), Assert.Single(asOfFirst).Data);
        var before = await Store.ReadStreamAsync(stream, new StreamReadOptions { ToInstant = first.AddMilliseconds(-1) });
        Assert.Empty(before);
        // Any offset denotes the same instant.
        var inOtherZone = await Store.ReadStreamAsync(stream, new StreamReadOptions { ToInstant = first.ToOffset(TimeSpan.FromHours(5)) });
        Assert.Single(inOtherZone);
    }

    [Fact]
    public async Task An_old_schema_version_is_upcast_to_the_current_one_on_read()
    {
        var stream = NewStream();
        var v1 = new EventTypeRegistry().Register<PriceV1>("PriceSet", schemaVersion: 1);
        var oldWriter = await db.NewStoreAsync(v1);
        await oldWriter.AppendAsync(stream, ExpectedVersion.NoStream, [EventData.New(new PriceV1(1250))]);

        var v3 = new EventTypeRegistry()
            .Register<PriceV3>("PriceSet", schemaVersion: 3)
            .AddUpcaster("PriceSet", 1, old => new JsonObject { ["amount"] = old["cents"]!.GetValue<int>() / 100m })
            .AddUpcaster("PriceSet", 2, old => { old["currency"] = "EUR"; return old; });
        var newReader = await db.NewStoreAsync(v3);

        var e = Assert.Single(await newReader.ReadStreamAsync(stream));
        Assert.Equal(new PriceV3(12.50m, "EUR"), e.Data);
        Assert.Equal(1, e.SchemaVersion);
    }

    [Fact]
    public async Task After_a_schema_version_bump_old_events_are_upcast_and_new_ones_stored_under_the_versioned_name()
    {
        var stream = NewStream();
        var v1 = new EventTypeRegistry().Register<PriceV1>("PriceSet");
        var oldWriter = await db.NewStoreAsync(v1);
        var old = await oldWriter.AppendAsync(stream, ExpectedVersion.NoStream, [EventData.New(new PriceV1(1250))]);

        // The next release: PriceSet is at schema version 2, with the step from version 1.
        var v2 = new EventTypeRegistry()
            .Register<PriceV2>("PriceSet", schemaVersion: 2)
            .AddUpcaster("PriceSet", 1, o => new JsonObject { ["amount"] = o["cents"]!.GetValue<int>() / 100m });
        var newStore = await db.NewStoreAsync(v2);
        var fresh = await newStore.AppendAsync(stream, ExpectedVersion.Exactly(1), [EventData.New(new PriceV2(9.99m))]);

        var events = await newStore.ReadStreamAsync(stream);
        Assert.Equal([new PriceV2(12.50m), new PriceV2(9.99m)], events.Select(e => e.Data));
        Assert.Equal([1, 2], events.Select(e => e.SchemaVersion));
        Assert.Equal(["PriceSet", "PriceSet"], events.Select(e => e.EventType));
        Assert.Equal([1L, 2L], events.Select(e => e.StreamVersion));
        Assert.Equal(old.Sequences.Concat(fresh.Sequences), events.Select(e => e.Sequence));
        // Stored under Marten's convention: version 1 under the stable name, version 2 under name_v2.
        Assert.Equal(1, await db.ScalarAsync($"SELECT count(*) FROM {{schema}}.mt_events WHERE stream_id = '{stream}' AND type = 'PriceSet'"));
        Assert.Equal(1, await db.ScalarAsync($"SELECT count(*) FROM {{schema}}.mt_events WHERE stream_id = '{stream}' AND type = 'PriceSet_v2'"));
        // The audit query by type finds both versions under the stable name.
        Assert.Equal(2, (await newStore.QueryEventsAsync(new EventQuery { StreamId = stream, EventType = "PriceSet" })).Count);
        // Every other read path upcasts too.
        Assert.Equal([new PriceV2(12.50m), new PriceV2(9.99m)], (await newStore.ReadEventsAsync([.. old.Sequences, .. fresh.Sequences])).Select(e => e.Data));
    }

    [Fact]
    public async Task A_missing_upcaster_step_is_a_clear_error()
    {
        var stream = NewStream();
        var oldWriter = await db.NewStoreAsync(new EventTypeRegistry().Register<PriceV1>("PriceSet", 1));
        await oldWriter.AppendAsync(stream, ExpectedVersion.NoStream, [EventData.New(new PriceV1(1))]);
        var reader = await db.NewStoreAsync(new EventTypeRegistry().Register<PriceV3>("PriceSet", 3)
            .AddUpcaster("PriceSet", 1, o => o));

        var ex = await Assert.ThrowsAsync<EventDeserializationException>(() => reader.ReadStreamAsync(stream));
        Assert.Contains("from schema version 2 to 3", ex.Message);
    }

    [Fact]
    public async Task Reading_an_unknown_event_type_name_is_a_clear_error()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Noted("kept")]);
        var reader = await db.NewStoreAsync(new EventTypeRegistry().Register<ItemAdded>("ItemAdded"));

        var ex = await Assert.ThrowsAsync<UnknownEventTypeException>(() => reader.ReadStreamAsync(stream));
        Assert.Contains("'Note'", ex.Message);
        Assert.Contains(stream, ex.Message);
        var sequence = (await Store.ReadStreamAsync(stream))[0].Sequence;
        Assert.Contains("'Note'", (await Assert.ThrowsAsync<UnknownEventTypeException>(() => reader.ReadEventsAsync([sequence]))).Message);
        Assert.Contains("'Note'", (await Assert.ThrowsAsync<UnknownEventTypeException>(
            () => reader.QueryEventsAsync(new EventQuery { StreamId = stream }))).Message);
    }

    [Fact]
    public async Task Event_types_are_stored_by_their_stable_name_not_the_clr_name()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added()]);
        var stored = await db.ScalarAsync($"SELECT count(*) FROM {{schema}}.mt_events WHERE stream_id = '{stream}' AND type = 'ItemAdded'");
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task Read_events_by_sequence_returns_them_in_log_order_and_leaves_out_missing_ones()
    {
        var a = await Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, [TestEvents.Noted("a1"), TestEvents.Noted("a2")]);
        var archived = NewStream();
        var b = await Store.AppendAsync(archived, ExpectedVersion.NoStream, [TestEvents.Noted("b1")]);
        await Store.ArchiveStreamAsync(archived);

        var read = await Store.ReadEventsAsync([b.Sequences[0], a.Sequences[1], -5, a.Sequences[0], a.Sequences[1], long.MaxValue]);

        Assert.Equal([a.Sequences[0], a.Sequences[1], b.Sequences[0]], read.Select(e => e.Sequence));
        Assert.Equal([new Note("a1"), new Note("a2"), new Note("b1")], read.Select(e => e.Data));
        Assert.True(read[2].Archived);
        Assert.Empty(await Store.ReadEventsAsync([]));
    }

    [Fact]
    public async Task The_log_query_reports_each_event_exactly_as_the_stream_read_does()
    {
        // Two readers of Marten's table: the stream read (Marten's event objects) and the log query (Es's row reader).
        var stream = NewStream();
        var metadata = new EventMetadata { Actor = "member:7", CorrelationId = "corr-" + stream, CausationId = "cause-1", Source = "kafka:sales/2/41" };
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added("x", 3), TestEvents.Noted("n")], metadata);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(2), [TestEvents.Noted("bare")]);
        await Store.ArchiveStreamAsync(stream);

        var byStream = await Store.ReadStreamAsync(stream);
        var byQuery = await Store.QueryEventsAsync(new EventQuery { StreamId = stream });

        Assert.Equal(3, byQuery.Count);
        Assert.Equal(
            byStream.Select(e => (e.EventId, e.StreamId, e.StreamVersion, e.Sequence, e.EventType, e.SchemaVersion, e.Data, e.RecordedAt, e.Metadata, e.Archived)),
            byQuery.Select(e => (e.EventId, e.StreamId, e.StreamVersion, e.Sequence, e.EventType, e.SchemaVersion, e.Data, e.RecordedAt, e.Metadata, e.Archived)));
        Assert.Equal("kafka:sales/2/41", byQuery[0].Metadata.Source);
        Assert.Null(byQuery[2].Metadata.Source);
        Assert.True(byQuery.All(e => e.Archived));
    }

    [Fact]
    public async Task A_missing_upcaster_step_fails_the_log_query_too_not_a_later_use_of_the_payload()
    {
        var stream = NewStream();
        var oldWriter = await db.NewStoreAsync(new EventTypeRegistry().Register<PriceV1>("PriceSet", 1));
        await oldWriter.AppendAsync(stream, ExpectedVersion.NoStream, [EventData.New(new PriceV1(1))]);
        var reader = await db.NewStoreAsync(new EventTypeRegistry().Register<PriceV3>("PriceSet", 3).AddUpcaster("PriceSet", 1, o => o));

        var ex = await Assert.ThrowsAsync<EventDeserializationException>(() => reader.QueryEventsAsync(new EventQuery { StreamId = stream }));
        Assert.Contains("from schema version 2 to 3", ex.Message);
    }

    public sealed record PriceV1(int Cents);
    public sealed record PriceV2(decimal Amount);
    public sealed record PriceV3(decimal Amount, string Currency);
}
