using System.Text.Json.Nodes;

namespace Es.EventStore.Tests;

public sealed class ReadTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private PostgresEventStore Store => db.Store;
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
        await using var oldWriter = db.NewStore(v1);
        await oldWriter.AppendAsync(stream, ExpectedVersion.NoStream, [EventData.New(new PriceV1(1250))]);

        var v3 = new EventTypeRegistry()
            .Register<PriceV3>("PriceSet", schemaVersion: 3)
            .AddUpcaster("PriceSet", 1, old => new JsonObject { ["amount"] = old["cents"]!.GetValue<int>() / 100m })
            .AddUpcaster("PriceSet", 2, old => { old["currency"] = "EUR"; return old; });
        await using var newReader = db.NewStore(v3);

        var e = Assert.Single(await newReader.ReadStreamAsync(stream));
        Assert.Equal(new PriceV3(12.50m, "EUR"), e.Data);
        Assert.Equal(1, e.SchemaVersion);
    }

    [Fact]
    public async Task A_missing_upcaster_step_is_a_clear_error()
    {
        var stream = NewStream();
        await using var oldWriter = db.NewStore(new EventTypeRegistry().Register<PriceV1>("PriceSet", 1));
        await oldWriter.AppendAsync(stream, ExpectedVersion.NoStream, [EventData.New(new PriceV1(1))]);
        await using var reader = db.NewStore(new EventTypeRegistry().Register<PriceV3>("PriceSet", 3)
            .AddUpcaster("PriceSet", 1, o => o));

        var ex = await Assert.ThrowsAsync<EventDeserializationException>(() => reader.ReadStreamAsync(stream));
        Assert.Contains("from schema version 2 to 3", ex.Message);
    }

    [Fact]
    public async Task Reading_an_unknown_event_type_name_is_a_clear_error()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Noted("kept")]);
        await using var reader = db.NewStore(new EventTypeRegistry().Register<ItemAdded>("ItemAdded"));

        var ex = await Assert.ThrowsAsync<UnknownEventTypeException>(() => reader.ReadStreamAsync(stream));
        Assert.Contains("'Note'", ex.Message);
        Assert.Contains(stream, ex.Message);
    }

    [Fact]
    public async Task Event_types_are_stored_by_their_stable_name_not_the_clr_name()
    {
        var stream = NewStream();
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [TestEvents.Added()]);
        var stored = await db.ScalarAsync($"SELECT count(*) FROM {{schema}}.events WHERE stream_id = '{stream}' AND type = 'ItemAdded'");
        Assert.Equal(1, stored);
    }

    public sealed record PriceV1(int Cents);
    public sealed record PriceV3(decimal Amount, string Currency);
}
