using Confluent.Kafka;

namespace Es.Ingest.Tests.Kafka;

public sealed class RebalanceTests(IngestFixture app) : IClassFixture<IngestFixture>
{
    [Fact]
    public async Task A_consumer_joining_and_one_leaving_while_messages_flow_stores_every_message_exactly_once()
    {
        // The mock holds a rebalance for the session timeout less 1 s while it waits for members to rejoin.
        var options = app.Options("rebalance");
        options.SessionTimeout = TimeSpan.FromSeconds(6);
        var produced = 0;
        using var stopProducing = new CancellationTokenSource();
        // A steady flow over every partition (keys are sale stream ids) until told to stop.
        var producing = Task.Run(async () =>
        {
            using var producer = new ProducerBuilder<string, string>(new ProducerConfig
            {
                BootstrapServers = app.Cluster.BootstrapServers, Acks = Acks.All, EnableIdempotence = true, LingerMs = 5,
            }).Build();
            while (!stopProducing.IsCancellationRequested)
            {
                for (var k = 0; k < 20; k++)
                {
                    var (key, value) = Messages.SaleRecorded(Guid.NewGuid(), 100 + produced, id: $"flow-{produced}");
                    producer.Produce(options.SalesTopic, new Message<string, string> { Key = key, Value = value });
                    produced++;
                }
                producer.Flush();
                await Task.Delay(100);
            }
        });

        await using var first = app.Start(options);
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(first.Metrics.Stored >= 300), "the first consumer to store 300", TimeSpan.FromSeconds(90));
        // A second member joins: the rebalance revokes the first one's partitions and gives it back only some.
        var second = app.Start(options);
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(second.Metrics.Stored >= 300), "the second consumer to store 300", TimeSpan.FromSeconds(90));
        var firstAtJoin = first.Metrics.Stored;
        // It leaves (graceful: the batch in hand stored and committed): its partitions go back to the first.
        await second.DisposeAsync();
        var firstAfterLeave = first.Metrics.Stored;
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(first.Metrics.Stored >= firstAfterLeave + 300), "the first consumer to take over again",
            TimeSpan.FromSeconds(90));
        await stopProducing.CancelAsync();
        await producing;
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(first.Metrics.Stored + second.Metrics.Stored >= produced), $"all {produced} stored",
            TimeSpan.FromSeconds(90));
        await Task.Delay(1000); // anything read twice would show now

        var events = new List<string>();
        await using (var cmd = app.Events.Store.DataSource.CreateCommand($"SELECT data->>'sourceId' FROM {app.Events.Schema}.mt_events WHERE type = 'SaleRecorded'"))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) events.Add(reader.GetString(0));
        Assert.True(firstAtJoin > 0 && second.Metrics.Stored >= 300, "both consumers stored part of the flow");
        Assert.Equal(produced, events.Count);                                                        // none lost, none doubled
        Assert.Equal(Enumerable.Range(0, produced).Select(i => $"flow-{i}").Order(StringComparer.Ordinal), events.Order(StringComparer.Ordinal));
        // Each stored by one member once; anything a member read again after the partitions moved came back
        // "already known". (On the mock some does: it refuses commits while its group is joining,
        // REBALANCE_IN_PROGRESS, even in the revocation handler, where a broker takes them.)
        Assert.Equal(produced, first.Metrics.Stored + second.Metrics.Stored);
        Assert.Equal(0, first.Metrics.DeadLettered + second.Metrics.DeadLettered);
    }
}
