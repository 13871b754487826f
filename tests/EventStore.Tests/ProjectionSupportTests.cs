namespace Es.EventStore.Tests;

// What the projection engine asks of the store beyond the log: wake-ups and reads by position.
public sealed class ProjectionSupportTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Next_append_completes_when_an_event_is_appended()
    {
        var next = db.Store.NextAppend();
        Assert.False(next.IsCompleted);
        await db.Store.AppendAsync("wake-" + Guid.NewGuid().ToString("N"), ExpectedVersion.NoStream, [TestEvents.Noted()]);
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Read_events_by_position_sees_the_callers_own_uncommitted_append()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var stream = "pos-" + Guid.NewGuid().ToString("N");
        var result = await db.Store.AppendAsync(tx, stream, ExpectedVersion.NoStream, [TestEvents.Noted("a"), TestEvents.Noted("b")]);

        var inside = await db.Store.ReadEventsAsync([result.Positions[1], result.Positions[0], -5], tx);
        Assert.Equal(result.Positions, inside.Select(e => e.Position));
        Assert.Equal(new Note("b"), inside[1].Data);
        Assert.Empty(await db.Store.ReadEventsAsync(result.Positions));

        await tx.CommitAsync();
        Assert.Equal(2, (await db.Store.ReadEventsAsync(result.Positions)).Count);
    }

    [Fact]
    public async Task Disposing_a_store_twice_is_harmless_as_when_a_container_holds_it_under_two_service_types()
    {
        var store = db.NewStore(db.Types);
        _ = store.NextAppend(); // starts the listener, so there is something to stop
        await store.DisposeAsync();
        await store.DisposeAsync();
    }
}
