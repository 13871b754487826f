using System.CommandLine;
using System.Security.Cryptography;
using Es.Domain;
using Es.Ingest.Contracts;
using Es.Ingest.Import;
using Es.Ingest.Kafka;
using Spectre.Console;

namespace Es.Ingest.Tests.Import;

public sealed class BadJsonLinesTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    private const string Sale1 = "5d3f1b8e-1f0a-4c3b-9d63-0a4e2f6b7c01", Sale2 = "5d3f1b8e-1f0a-4c3b-9d63-0a4e2f6b7c02",
        Sale3 = "5d3f1b8e-1f0a-4c3b-9d63-0a4e2f6b7c03", Unknown = "5d3f1b8e-1f0a-4c3b-9d63-0a4e2f6b7c09";

    [Fact]
    public async Task Bad_json_lines_are_reported_with_their_line_and_reason_and_the_other_lines_are_stored()
    {
        var path = db.WriteFile("sales-with-bad-lines.jsonl", $$"""
            {"type":"merchant.registered","version":1,"id":"src-m1","merchantId":"m-jl-1","name":"Cafe One","category":"cafe","timeZone":"Europe/Lisbon"}
            {"type":"sale.recorded","version":1,"id":"src-1","saleId":"{{Sale1}}","merchantId":"m-jl-1","platform":"pos","customerToken":"c-1","amountMinor":1250,"currency":"EUR","approvedAt":"2026-01-05T10:00:00+01:00"}
            this is not json {
            {"type":"sale.recorded","version":1,"saleId":"{{Sale2}}","merchantId":"m-jl-1","platform":"pos","customerToken":"c-2","amountMinor":"12","currency":"EUR","approvedAt":"2026-01-05T10:00:00Z"}
            {"type":"sale.recorded","version":1,"saleId":"{{Sale2}}","platform":"pos","customerToken":"c-2","amountMinor":1200,"currency":"EUR","approvedAt":"2026-01-05T10:00:00Z"}

            {"type":"order.placed","version":1,"orderId":"{{Sale2}}"}
            {"type":"sale.refunded","version":1,"saleId":"{{Unknown}}","refundId":"r-9","amountMinor":100,"currency":"EUR","refundedAt":"2026-01-06T10:00:00Z"}
            {"type":"sale.recorded","version":1,"saleId":"{{Sale2}}","merchantId":"m-jl-1","platform":"pos","customerToken":"c-2","amountMinor":1200,"currency":"EUR","approvedAt":"2026-01-05T10:00:00"}
            {"type":"sale.refunded","version":1,"id":"src-2","saleId":"{{Sale1}}","refundId":"r-1","amountMinor":250,"currency":"EUR","refundedAt":"2026-01-06T10:00:00Z"}
            {"type":"sale.recorded","version":1,"saleId":"{{Sale3}}","merchantId":"m-jl-1","platform":"web","customerToken":"c-3","amountMinor":980,"currency":"JPY","approvedAt":"2026-01-07T10:00:00+09:00"}
            """);
        var observer = new RecordingObserver();

        var summary = await db.Importer(batchUnits: 4).RunAsync(new ImportRequest(ImportKind.Sales, path), observer);

        Assert.Equal("jsonl", summary.Mapping); // from the extension
        Assert.Equal(
        [
            (3, DeadLetterReasons.NotJson),
            (4, DeadLetterReasons.WrongType),          // "amountMinor":"12"
            (5, DeadLetterReasons.MissingField),       // no merchantId
            (7, DeadLetterReasons.UnknownContract),    // an order in a sales file
            (8, Sale.Reasons.NotFound),                // the domain refuses a refund of no sale
            (9, DeadLetterReasons.InvalidField),       // an instant without its offset
        ], observer.Problems.OrderBy(p => p.Line).Select(p => (p.Line, p.Code)).ToArray());
        Assert.Contains(observer.Problems, p => p.Line == 4 && p.Message.Contains("amountMinor"));
        Assert.Contains(observer.Problems, p => p.Line == 5 && p.Message.Contains("(merchantId)"));
        Assert.Equal(4, summary.Stored);   // lines 1, 2, 10, 11; line 6 is blank, no unit
        Assert.Equal(6, summary.Rejected);
        Assert.Equal(0, summary.AlreadyKnown);
        var counts = await db.EventCountsAsync();
        Assert.Equal(2, counts[ImportFixture.TypeName<SaleRecorded>()]);
        Assert.Equal(1, counts[ImportFixture.TypeName<SaleRefunded>()]);
        Assert.Equal(1, counts[ImportFixture.TypeName<MerchantRegistered>()]);
        // The source id: the message's own id when it has one (as on Kafka), else file and line; the actor: file and line.
        Assert.Equal("src-1", await db.ScalarAsync<string>($"SELECT data->>'sourceId' FROM {{schema}}.mt_events WHERE type = 'SaleRecorded' AND data->>'saleId' = '{Sale1}'"));
        Assert.Equal("file:sales-with-bad-lines.jsonl#11", await db.ScalarAsync<string>($"SELECT data->>'sourceId' FROM {{schema}}.mt_events WHERE data->>'saleId' = '{Sale3}'"));
        Assert.Equal("file:sales-with-bad-lines.jsonl#10", await db.ScalarAsync<string>("SELECT user_name FROM {schema}.mt_events WHERE type = 'SaleRefunded'"));
        Assert.Equal(980m, await db.ScalarAsync<decimal>($"SELECT (data->'amount'->>'amount')::numeric FROM {{schema}}.mt_events WHERE data->>'saleId' = '{Sale3}'")); // yen: no minor unit
    }
}

public sealed class JsonLinesKeyTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task A_message_with_its_own_id_is_known_by_that_id_in_any_file_and_one_without_by_the_files_content_and_line()
    {
        var withId = Sale("5d3f1b8e-1f0a-4c3b-9d63-0a4e2f6b7d01", "\"id\":\"pos-77\",");
        var withoutId = Sale("5d3f1b8e-1f0a-4c3b-9d63-0a4e2f6b7d02", "");
        var first = db.WriteFile("keys-1.jsonl", withId + "\n" + withoutId + "\n");
        Assert.Equal(2, (await db.Importer().RunAsync(new ImportRequest(ImportKind.Sales, first))).Stored);

        // Another file (another content, so another file id) with both messages again, a line further down.
        var other = db.WriteFile("keys-2.jsonl", Sale("5d3f1b8e-1f0a-4c3b-9d63-0a4e2f6b7d03", "") + "\n" + withId + "\n" + withoutId + "\n");
        var summary = await db.Importer().RunAsync(new ImportRequest(ImportKind.Sales, other));

        Assert.Equal(1, summary.Stored);
        Assert.Equal(2, summary.AlreadyKnown);
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM {schema}.mt_events"));
        // Event ids derive from the idempotency key: the producer's id under the key Kafka gives it (docs/ingest.md),
        // else the file's content id (16 bytes of its SHA-256, hex) with the mapping and line.
        var stream1 = "sale-5d3f1b8e-1f0a-4c3b-9d63-0a4e2f6b7d01";
        Assert.Equal(NameBasedGuid.ForEvent("kafka:sales:pos-77", stream1, 0),
            await db.ScalarAsync<Guid>($"SELECT id FROM {{schema}}.mt_events WHERE stream_id = '{stream1}'"));
        var fileId = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(first)))[..32];
        var stream2 = "sale-5d3f1b8e-1f0a-4c3b-9d63-0a4e2f6b7d02";
        Assert.Equal(NameBasedGuid.ForEvent($"file:{fileId}:jsonl#2:0", stream2, 0),
            await db.ScalarAsync<Guid>($"SELECT id FROM {{schema}}.mt_events WHERE stream_id = '{stream2}'"));
    }

    private static string Sale(string saleId, string id) =>
        $$"""{"type":"sale.recorded","version":1,{{id}}"saleId":"{{saleId}}","merchantId":"m-keys","platform":"pos","customerToken":"c-1","amountMinor":500,"currency":"EUR","approvedAt":"2026-01-05T10:00:00Z"}""";
}

public sealed class JsonLinesResumeTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task An_interrupted_json_lines_import_run_again_continues_after_its_checkpoint_and_stores_each_line_once()
    {
        // 300 sales, every third with its producer's id: both kinds of key must survive the interruption.
        var lines = Enumerable.Range(0, 300).Select(i =>
            $$"""{"type":"sale.recorded","version":1,{{(i % 3 == 0 ? $"\"id\":\"resume-{i}\"," : "")}}"saleId":"{{Guid.NewGuid()}}","merchantId":"m-resume","platform":"pos","customerToken":"c-{{i % 17}}","amountMinor":{{100 + i}},"currency":"EUR","approvedAt":"2026-01-05T10:00:00Z"}""");
        var path = db.WriteFile("sales-to-resume.jsonl", string.Join('\n', lines) + "\n");
        using var interrupt = new CancellationTokenSource();
        var stopping = new InterruptAfter(new PipelineBatchSender(db.Pipeline), commands: 100 + 50, interrupt);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            db.Importer(stopping, batchUnits: 100).RunAsync(new ImportRequest(ImportKind.Sales, path), ct: interrupt.Token));
        Assert.Equal(150L, await db.ScalarAsync<long>("SELECT count(*) FROM {schema}.mt_events"));

        var resumed = await db.Importer(batchUnits: 100).RunAsync(new ImportRequest(ImportKind.Sales, path));

        Assert.Equal(100, resumed.ResumedAfterLine); // no header: the first batch is lines 1-100
        Assert.Equal(100, resumed.ResumedPast);
        Assert.Equal(50, resumed.AlreadyKnown);      // the half batch stored before the interruption
        Assert.Equal(150, resumed.Stored);
        Assert.Equal(0, resumed.Rejected);
        Assert.Equal(300L, await db.ScalarAsync<long>("SELECT count(*) FROM {schema}.mt_events"));
        Assert.Equal(300L, await db.ScalarAsync<long>("SELECT count(DISTINCT data->>'saleId') FROM {schema}.mt_events"));
    }
}

public sealed class GeneratedRoundTripTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task Generated_files_imported_store_what_the_generator_made_each_message_once_and_imported_again_are_all_already_known()
    {
        var folder = Path.Combine(db.TempFolder, "generated");
        await using (var sink = new Es.Ingest.Generation.GeneratedJsonLines(folder))
            await Es.Ingest.Generation.CommerceOutput.WriteAsync(Generation.GeneratedFiles.Small(51), sink, labelsPath: null);
        var salesPath = Path.Combine(folder, "sales.jsonl");
        var ordersPath = Path.Combine(folder, "orders.jsonl");
        var lines = Generation.GeneratedFiles.Read(salesPath).Concat(Generation.GeneratedFiles.Read(ordersPath)).ToList();
        var expected = Generation.GeneratedFiles.ExpectedEvents(lines);

        var sales = await db.Importer(batchUnits: 500).RunAsync(new ImportRequest(ImportKind.Sales, salesPath));
        var orders = await db.Importer(batchUnits: 500).RunAsync(new ImportRequest(ImportKind.Orders, ordersPath));

        Assert.Equal((0, 0, 0), (sales.Rejected, sales.Skipped, sales.AlreadyKnown));
        Assert.Equal((0, 0, 0), (orders.Rejected, orders.Skipped, orders.AlreadyKnown));
        Assert.Equal(lines.Count, sales.Stored + orders.Stored);
        Assert.Equal(expected.OrderBy(p => p.Key), (await db.EventCountsAsync()).OrderBy(p => p.Key));
        Assert.True(expected.GetValueOrDefault("SaleRefundRefused") > 0, "the generator's over-refunds are stored as refused refunds");
        // Each message is one event, and its id (the generator's source id) is that event's source id.
        var sourceIds = await SourceIdsAsync();
        Assert.Equal(lines.Select(l => l.Id!).Order(StringComparer.Ordinal), sourceIds.Order(StringComparer.Ordinal));

        var salesAgain = await db.Importer(batchUnits: 500).RunAsync(new ImportRequest(ImportKind.Sales, salesPath));
        var ordersAgain = await db.Importer(batchUnits: 500).RunAsync(new ImportRequest(ImportKind.Orders, ordersPath));

        Assert.Equal(lines.Count, salesAgain.AlreadyKnown + ordersAgain.AlreadyKnown);
        Assert.Equal(0, salesAgain.Stored + ordersAgain.Stored + salesAgain.Rejected + ordersAgain.Rejected);
        Assert.Equal(0, salesAgain.EventsAppended + ordersAgain.EventsAppended);
        Assert.Equal(lines.Count, (await SourceIdsAsync()).Count);
    }

    private async Task<List<string>> SourceIdsAsync()
    {
        var ids = new List<string>();
        await using var cmd = db.DataSource.CreateCommand($"SELECT data->>'sourceId' FROM {db.Schema}.mt_events");
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }
}

public sealed class CliGenerateAndImportTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task Es_generate_writes_files_that_es_import_reads_back_and_says_where_they_went()
    {
        var folder = Path.Combine(db.TempFolder, "cli");
        var (exit, output) = await RunAsync("generate", "--out", folder, "--seed", "5", "--days", "2", "--start", "2025-06-02",
            "--merchants", "3", "--restaurants", "2", "--customers", "20", "--sales-per-day", "40", "--orders-per-day", "10", "--anomaly-share", "0.05");
        Assert.True(exit == Es.Ingest.Generation.GenerateCommand.Ok, output);
        var sales = Generation.GeneratedFiles.Read(Path.Combine(folder, "sales.jsonl"));
        var orders = Generation.GeneratedFiles.Read(Path.Combine(folder, "orders.jsonl"));
        Assert.Contains($"Generated {sales.Count + orders.Count:N0} messages ({sales.Count:N0} sales, {orders.Count:N0} orders)", output);
        Assert.Contains(Path.Combine(folder, "anomalies.jsonl"), output);
        Assert.True(File.Exists(Path.Combine(folder, "anomalies.jsonl")));
        Assert.Equal(3, sales.Count(l => l.Type == "merchant.registered"));

        (exit, output) = await RunAsync("import", "sales", Path.Combine(folder, "sales.jsonl"));
        Assert.True(exit == ImportCommand.Ok, output);
        Assert.Contains($"Importing sales.jsonl with the jsonl mapping: {sales.Count:N0} lines.", output);
        Assert.Contains($"{sales.Count:N0} stored, 0 already known, 0 rejected, 0 skipped", output);

        (exit, output) = await RunAsync("import", "orders", Path.Combine(folder, "orders.jsonl"), "--mapping", "olist");
        Assert.True(exit == ImportCommand.Usage, output);
        Assert.Contains("--mapping olist is for CSV files", output);

        (exit, output) = await RunAsync("generate", "--seed", "5");
        Assert.True(exit == Es.Ingest.Generation.GenerateCommand.Usage, output);
        Assert.Contains("--out DIR", output);
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 400;
        var root = new RootCommand
        {
            ImportCommand.Create(() => db.Importer(), console),
            Es.Ingest.Generation.GenerateCommand.Create(new KafkaIngestOptions(), output),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var exit = await root.Parse(args).InvokeAsync(cancellationToken: timeout.Token);
        return (exit, output.ToString());
    }
}
