using Es.Domain;

namespace Es.Ingest.Tests.Kafka;

public sealed class DatabaseOutageTests(IngestFixture app) : IClassFixture<IngestFixture>
{
    [Fact]
    public async Task PostgreSQL_stopped_during_consumption_pauses_ingest_and_when_it_returns_nothing_is_lost_or_doubled()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var events = await EventStoreHandle.CreateAsync(postgres.ConnectionString);
        var options = app.Options("outage");
        var sales = Enumerable.Range(0, 150).Select(_ => Guid.NewGuid()).ToArray();
        async Task<int> StoredAsync() => (await events.AllAsync()).Count;

        await app.ProduceAsync(options.SalesTopic, sales[..50].Select((s, i) => Messages.SaleRecorded(s, 100 + i)).ToArray());
        await using var consumer = app.Start(options, events);
        await IngestFixture.WaitUntilAsync(async () => await StoredAsync() == 50, "the first 50 sales");

        await postgres.StopAsync();
        await app.ProduceAsync(options.SalesTopic, sales[50..100].Select((s, i) => Messages.SaleRecorded(s, 200 + i)).ToArray());
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(consumer.Metrics.PausedBecause is not null), "ingest to pause");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a while: several failed attempts
        Assert.NotNull(consumer.Metrics.PausedBecause);
        Assert.Equal(50, consumer.Metrics.Stored);

        await postgres.StartAgainAsync();
        await app.ProduceAsync(options.SalesTopic, sales[100..].Select((s, i) => Messages.SaleRecorded(s, 300 + i)).ToArray());
        await IngestFixture.WaitUntilAsync(async () => await StoredAsync() >= 150, "all 150 sales", TimeSpan.FromSeconds(90));
        await Task.Delay(500);

        var stored = await events.AllAsync();
        Assert.Equal(150, stored.Count);
        Assert.Equal(sales.Order(), stored.Select(e => ((SaleRecorded)e.Data).SaleId).Order());
        Assert.Null(consumer.Metrics.PausedBecause);
        Assert.Empty(app.DeadLetters(options.SalesTopic)); // an outage is no reason for a dead letter
    }
}
