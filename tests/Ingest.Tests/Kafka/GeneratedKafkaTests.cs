using Es.Ingest.Generation;
using Es.Ingest.Import;
using Es.Ingest.Tests.Generation;

namespace Es.Ingest.Tests.Kafka;

public sealed class GeneratedKafkaTests(IngestFixture app) : IClassFixture<IngestFixture>
{
    [Fact]
    public async Task Generated_into_the_mock_cluster_with_the_consumer_on_every_message_is_stored_once_and_generated_again_is_already_known()
    {
        var options = app.Options("generated");
        var generator = GeneratedFiles.Small(61);
        // The same messages as files, read by the test itself for the expected events.
        var folder = Directory.CreateTempSubdirectory("es-generated-kafka-").FullName;
        try
        {
            await using (var files = new GeneratedJsonLines(folder))
                await CommerceOutput.WriteAsync(generator, files, labelsPath: null);
            var lines = GeneratedFiles.Read(Path.Combine(folder, GeneratedJsonLines.SalesFile))
                .Concat(GeneratedFiles.Read(Path.Combine(folder, GeneratedJsonLines.OrdersFile))).ToList();
            var expected = GeneratedFiles.ExpectedEvents(lines);

            await using var consumer = app.Start(options);
            GenerationSummary produced;
            await using (var kafka = new GeneratedKafka(app.Cluster.BootstrapServers, options.SalesTopic, options.OrdersTopic))
                produced = await CommerceOutput.WriteAsync(generator, kafka, labelsPath: null);
            Assert.Equal(lines.Count, produced.Messages);
            await IngestFixture.WaitUntilAsync(() => Task.FromResult(consumer.Metrics.Consumed == lines.Count), $"{lines.Count} messages consumed",
                TimeSpan.FromSeconds(120));

            Assert.Equal(0, consumer.Metrics.DeadLettered);
            Assert.Equal(expected.OrderBy(p => p.Key), (await EventCountsAsync()).OrderBy(p => p.Key));
            Assert.Equal(lines.Select(l => l.Id!).Order(StringComparer.Ordinal), (await SourceIdsAsync()).Order(StringComparer.Ordinal));

            // The same seed again: the same message ids, so the same idempotency keys: nothing new.
            await using (var kafka = new GeneratedKafka(app.Cluster.BootstrapServers, options.SalesTopic, options.OrdersTopic))
                await CommerceOutput.WriteAsync(generator, kafka, labelsPath: null);
            await IngestFixture.WaitUntilAsync(() => Task.FromResult(consumer.Metrics.Consumed == 2 * lines.Count), "the second generation consumed",
                TimeSpan.FromSeconds(120));
            Assert.Equal(lines.Count, consumer.Metrics.Snapshot().AlreadyKnown);
            Assert.Equal(lines.Count, (await SourceIdsAsync()).Count);

            // And the same messages from the files: a file and a topic carry the same thing, known by the same ids.
            var importer = new FileImporter(new PipelineBatchSender(app.Events.Pipeline), new ImportCheckpoints(app.Events.Store.DataSource, app.Events.Schema), 500);
            var sales = await importer.RunAsync(new ImportRequest(ImportKind.Sales, Path.Combine(folder, GeneratedJsonLines.SalesFile)));
            var orders = await importer.RunAsync(new ImportRequest(ImportKind.Orders, Path.Combine(folder, GeneratedJsonLines.OrdersFile)));
            Assert.Equal(lines.Count, sales.AlreadyKnown + orders.AlreadyKnown);
            Assert.Equal(0, sales.EventsAppended + orders.EventsAppended);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<Dictionary<string, long>> EventCountsAsync()
    {
        var counts = new Dictionary<string, long>();
        await using var cmd = app.Events.Store.DataSource.CreateCommand($"SELECT regexp_replace(type, '_v[0-9]+$', ''), count(*) FROM {app.Events.Schema}.mt_events GROUP BY 1");
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private async Task<List<string>> SourceIdsAsync()
    {
        var ids = new List<string>();
        await using var cmd = app.Events.Store.DataSource.CreateCommand($"SELECT data->>'sourceId' FROM {app.Events.Schema}.mt_events");
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }
}
