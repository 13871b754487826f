using System.CommandLine;
using Es.Domain;
using Es.Ingest.Cli;
using Es.Ingest.Kafka;

namespace Es.Ingest.Tests.Kafka;

/// <summary>The operators' <c>ingest replay</c>: the dead letter goes back to its topic, and the replay is recorded with who did it.</summary>
public sealed class IngestCliReplayTests(IngestFixture app) : IClassFixture<IngestFixture>
{
    [Fact]
    public async Task Ingest_replay_sends_a_dead_letter_back_and_records_the_replay_as_the_cli_user()
    {
        var options = app.Options("cli-replay");
        var sale = Guid.NewGuid();
        await app.ProduceAsync(options.SalesTopic, Messages.SaleRefunded(sale, "early", 100, id: "cli-refund-before-its-sale"));
        await using var consumer = app.Start(options);
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(consumer.Metrics.DeadLettered == 1), "the refund dead-lettered");
        var letter = Assert.Single(app.DeadLetters(options.SalesTopic));
        await app.ProduceAsync(options.SalesTopic, Messages.SaleRecorded(sale, 300));
        await IngestFixture.WaitUntilAsync(async () => (await app.Events.Store.ReadStreamAsync(Sale.StreamId(sale))).Count == 1, "the late sale");

        var output = new StringWriter();
        var replays = new DeadLetterReplays(app.Events.Store.DataSource, app.Events.Schema);
        var root = new RootCommand
        {
            IngestCommand.Create(() => new IngestStatusStore(app.Events.Store.DataSource, app.Events.Schema), options, output, () => replays),
        };
        var exit = await root.Parse(["ingest", "replay", letter.Topic, letter.Partition.ToString(), letter.Offset.ToString(), "--bootstrap", app.Cluster.BootstrapServers])
            .InvokeAsync();

        Assert.True(exit == 0, output.ToString());
        Assert.Contains($"Replayed to {options.SalesTopic}/", output.ToString());
        await IngestFixture.WaitUntilAsync(async () => (await app.Events.Store.ReadStreamAsync(Sale.StreamId(sale))).Count == 2, "the replayed refund");
        var recorded = (await replays.OfAsync([letter]))[(letter.Topic, letter.Partition, letter.Offset)].ToList();
        var replay = Assert.Single(recorded);
        Assert.Equal($"cli:{Environment.UserName}", replay.ReplayedBy);
        Assert.Equal(options.SalesTopic, replay.Topic);
        Assert.True(replay.ReplayedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }
}
