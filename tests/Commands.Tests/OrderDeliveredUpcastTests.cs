using Es.Domain;
using Es.EventStore;

namespace Es.Commands.Tests;

/// <summary>OrderDelivered went to schema version 2 (the distance may be unknown); history stays as stored.</summary>
public sealed class OrderDeliveredUpcastTests(PipelineFixture db) : IClassFixture<PipelineFixture>
{
    /// <summary>OrderDelivered as schema version 1 stored it: a distance was always there.</summary>
    private sealed record OrderDeliveredV1(Guid OrderId, DateTimeOffset DeliveredAt, decimal DistanceKm, Money Fee, string SourceId);

    [Fact]
    public async Task A_delivery_stored_at_version_1_reads_as_version_2_with_its_distance_beside_a_new_one_without()
    {
        var olderRelease = db.StoreWith(new EventTypeRegistry().Register<OrderDeliveredV1>("OrderDelivered", 1));
        var id = Guid.NewGuid();
        var stream = Order.StreamId(id);
        var at = new DateTimeOffset(2026, 11, 2, 19, 40, 0, TimeSpan.FromHours(1));
        await olderRelease.AppendAsync(stream, ExpectedVersion.NoStream,
            [EventData.New(new OrderDeliveredV1(id, at, 3.4m, new Money(2.50m, "EUR"), "kafka:orders/0/1"))]);
        await db.Store.AppendAsync(stream, ExpectedVersion.Exactly(1),
            [EventData.New(new OrderDelivered(id, at.AddMinutes(1), null, new Money(0m, "EUR"), "file:foodhub_order.csv#2:delivered"))]);

        var events = await db.Store.ReadStreamAsync(stream);

        Assert.Equal([new OrderDelivered(id, at, 3.4m, new Money(2.50m, "EUR"), "kafka:orders/0/1"),
                      new OrderDelivered(id, at.AddMinutes(1), null, new Money(0m, "EUR"), "file:foodhub_order.csv#2:delivered")],
            events.Select(e => e.Data));
        Assert.Equal([1, 2], events.Select(e => e.SchemaVersion));
    }
}
