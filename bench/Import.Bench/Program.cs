// File import benchmark: `es import sales` of a generated generic sales CSV (one RecordSale per
// line, through the command pipeline, batched, checkpointed) in lines/s, beside a raw COPY of the
// same file into a plain table of the same columns, and `es import sales` of the same sales as JSON
// Lines of the Kafka contract (sale.recorded) into a schema of its own, in the same run on the same cluster.
// Then `es generate`'s rate (messages/s) to JSON Lines files and to an in-process mock Kafka cluster.
// Run: scripts/bench import [--lines N] [--batch B] [--gen-days D]   (defaults 1,000,000, 2,000 and 28; each batch is one SendManyAsync)
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Es.Commands;
using Es.EventStore;
using Es.Ingest.Contracts;
using Es.Ingest.Generation;
using Es.Ingest.Import;
using Es.Ingest.Import.Mappings;
using Es.Ingest.Kafka;
using Marten;
using Npgsql;

var connectionString = Environment.GetEnvironmentVariable("ES_BENCH_POSTGRES") is { Length: > 0 } cs ? cs
    : Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } t ? t
    : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";
int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
var lines = Arg("--lines", 1_000_000);
var batch = Arg("--batch", 2_000);
var generationDays = Arg("--gen-days", 28);
var schema = "es_bench_import_" + Guid.NewGuid().ToString("N")[..8];
var jsonlSchema = schema + "_jsonl";
var settings = ";Maximum Pool Size=20;Max Auto Prepare=20";

await using var dataSource = NpgsqlDataSource.Create(connectionString + settings);
var types = CommandPipeline.RegisterDomainEvents(new EventTypeRegistry());
var options = new EventStoreOptions { Schema = schema };
using var documents = DocumentStore.For(o => EsMarten.Configure(o, connectionString + settings, types, options));
var store = new MartenEventStore(documents, dataSource, types, options);
var jsonlOptions = new EventStoreOptions { Schema = jsonlSchema };
using var jsonlDocuments = DocumentStore.For(o => EsMarten.Configure(o, connectionString + settings, types, jsonlOptions));
var jsonlStore = new MartenEventStore(jsonlDocuments, dataSource, types, jsonlOptions);
var file = Path.Combine(Path.GetTempPath(), $"es-import-bench-{lines}.csv");
var jsonlFile = Path.ChangeExtension(file, ".jsonl");
var generated = Directory.CreateTempSubdirectory("es-generate-bench-").FullName;

try
{
    await store.MigrateAsync();
    await jsonlStore.MigrateAsync();
    Write(file, lines);
    WriteJsonLines(jsonlFile, lines);
    Console.WriteLine($"Es file import benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, "
        + $"{lines:N0} lines ({new FileInfo(file).Length / 1e6:N0} MB), batches of {batch} lines, schema {schema}");

    // Raw: the same file into a plain table (no index), COPY ... FROM STDIN, as PostgreSQL's own fastest path.
    await Exec($"CREATE TABLE {schema}.raw_sales (sale_id text, merchant_id text, platform text, customer_token text, amount numeric, currency text, at timestamptz)");
    var copyClock = Stopwatch.StartNew();
    await using (var connection = await dataSource.OpenConnectionAsync())
    await using (var writer = await connection.BeginTextImportAsync($"COPY {schema}.raw_sales FROM STDIN (FORMAT csv, HEADER true)"))
    using (var reader = new StreamReader(file))
    {
        var buffer = new char[1 << 16];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0) await writer.WriteAsync(buffer.AsMemory(0, read));
    }
    copyClock.Stop();
    var copied = await Scalar<long>($"SELECT count(*) FROM {schema}.raw_sales");

    var importer = new FileImporter(new PipelineBatchSender(new CommandPipeline(store, TimeProvider.System)),
        new ImportCheckpoints(dataSource, schema), batch);
    var summary = await importer.RunAsync(new ImportRequest(ImportKind.Sales, file, "generic"), new ProgressLines());
    var events = await Scalar<long>($"SELECT count(*) FROM {schema}.mt_events");

    var copyRate = copied / copyClock.Elapsed.TotalSeconds;
    Console.WriteLine($"| es import sales (generic CSV → RecordSale → SaleRecorded) | {summary.Stored:N0} stored, {summary.Rejected:N0} rejected, {events:N0} events | {summary.Elapsed.TotalSeconds:N1} s | {summary.UnitsPerSecond:N0} lines/s |");
    Console.WriteLine($"| raw COPY of the same file into a plain table | {copied:N0} rows | {copyClock.Elapsed.TotalSeconds:N1} s | {copyRate:N0} rows/s |");
    Console.WriteLine($"import / COPY: {100 * summary.UnitsPerSecond / copyRate:N2} %");

    // The same sales as JSON Lines of the sale.recorded contract, into a fresh schema of its own (same sale ids: into the first one they would all be known).
    var jsonlImporter = new FileImporter(new PipelineBatchSender(new CommandPipeline(jsonlStore, TimeProvider.System)),
        new ImportCheckpoints(dataSource, jsonlSchema), batch);
    var jsonl = await jsonlImporter.RunAsync(new ImportRequest(ImportKind.Sales, jsonlFile), new ProgressLines());
    var jsonlEvents = await Scalar<long>($"SELECT count(*) FROM {jsonlSchema}.mt_events");
    Console.WriteLine($"| es import sales (JSON Lines, sale.recorded contract → RecordSale → SaleRecorded), same sales ({new FileInfo(jsonlFile).Length / 1e6:N0} MB) | {jsonl.Stored:N0} stored, {jsonl.Rejected:N0} rejected, {jsonlEvents:N0} events | {jsonl.Elapsed.TotalSeconds:N1} s | {jsonl.UnitsPerSecond:N0} lines/s |");
    Console.WriteLine($"JSON Lines / CSV import: {jsonl.UnitsPerSecond / summary.UnitsPerSecond:N2}");

    // es generate: the seeded generator's messages to files, then to an in-process mock cluster (produce + every ack),
    // twice each in turn (the first pass also pays for JIT); and the generator alone (commands, no messages) for scale.
    var generatorOptions = new GeneratorOptions { Seed = 7, Days = generationDays };
    using var cluster = new MockKafkaCluster();
    for (var pass = 1; pass <= 2; pass++)
    {
        var commandsClock = Stopwatch.StartNew();
        var commands = new CommerceGenerator(generatorOptions).Generate().LongCount();
        commandsClock.Stop();
        Console.WriteLine($"| pass {pass}: the generator alone (commands, no output), {generatorOptions.Days} days (defaults otherwise) | {commands:N0} commands | {commandsClock.Elapsed.TotalSeconds:N1} s | {commands / commandsClock.Elapsed.TotalSeconds:N0} commands/s |");
        GenerationSummary toFiles;
        await using (var sink = new GeneratedJsonLines(generated))
            toFiles = await CommerceOutput.WriteAsync(generatorOptions, sink, Path.Combine(generated, AnomalyLabels.FileName));
        var bytes = new FileInfo(Path.Combine(generated, GeneratedJsonLines.SalesFile)).Length + new FileInfo(Path.Combine(generated, GeneratedJsonLines.OrdersFile)).Length;
        Console.WriteLine($"| pass {pass}: es generate --out | {toFiles.Messages:N0} messages ({bytes / 1e6:N0} MB), {toFiles.Labels:N0} labels | {toFiles.Elapsed.TotalSeconds:N1} s | {toFiles.MessagesPerSecond:N0} messages/s |");
        GenerationSummary toKafka;
        await using (var sink = new GeneratedKafka(cluster.BootstrapServers, $"bench-sales-{pass}", $"bench-orders-{pass}"))
            toKafka = await CommerceOutput.WriteAsync(generatorOptions, sink, labelsPath: null);
        Console.WriteLine($"| pass {pass}: es generate --kafka (in-process mock cluster, lz4, acks all), same messages | {toKafka.Messages:N0} messages | {toKafka.Elapsed.TotalSeconds:N1} s | {toKafka.MessagesPerSecond:N0} messages/s |");
    }
}
finally
{
    File.Delete(file);
    File.Delete(jsonlFile);
    Directory.Delete(generated, recursive: true);
    if (Environment.GetEnvironmentVariable("ES_BENCH_KEEP") != "1")
    {
        await Exec($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        await Exec($"DROP SCHEMA IF EXISTS {jsonlSchema} CASCADE");
    }
}

// A day's card sales of 500 merchants, 50,000 cards, amounts 1.00-200.99 EUR, one a second.
static void Write(string path, int count)
{
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    writer.WriteLine("sale_id,merchant_id,platform,customer_token,amount,currency,at");
    var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    var random = new Random(42);
    for (var i = 0; i < count; i++)
    {
        var amount = random.Next(100, 20_100) / 100m;
        writer.Write($"B-{i},merchant-{i % 500},{(i % 3 == 0 ? "pos" : "web")},card-{random.Next(50_000)},");
        writer.WriteLine($"{amount.ToString(CultureInfo.InvariantCulture)},EUR,{start.AddSeconds(i):yyyy-MM-ddTHH:mm:ssZ}");
    }
}

// The same sales as Write, as the sale.recorded contract messages a producer writes (no producer id: keyed by file and line, as the CSV).
static void WriteJsonLines(string path, int count)
{
    var contracts = new IngestContracts();
    using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
    var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    var random = new Random(42);
    for (var i = 0; i < count; i++)
    {
        var amount = random.Next(100, 20_100) / 100m;
        var sale = new Es.Domain.RecordSale(GenericSalesMapping.SaleIdOf($"B-{i}"), $"merchant-{i % 500}", i % 3 == 0 ? "pos" : "web",
            $"card-{random.Next(50_000)}", new Es.Domain.Money(amount, "EUR"), start.AddSeconds(i), "");
        stream.Write(contracts.Write(IngestTopics.Sales, sale, messageId: null).Value);
        stream.WriteByte((byte)'\n');
    }
}

async Task Exec(string sql)
{
    await using var cmd = dataSource.CreateCommand(sql);
    cmd.CommandTimeout = 0;
    await cmd.ExecuteNonQueryAsync();
}

async Task<T> Scalar<T>(string sql)
{
    await using var cmd = dataSource.CreateCommand(sql);
    cmd.CommandTimeout = 0;
    return (T)(await cmd.ExecuteScalarAsync())!;
}

/// <summary>A line on stderr every 10 s, so a long run shows it is alive.</summary>
sealed class ProgressLines : IImportObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;
    private int _total;

    public void Started(ImportStart start) => _total = start.Total;

    public void Problem(int line, LineProblem problem, bool skipped) => Console.Error.WriteLine($"line {line}: {problem.Code}: {problem.Message}");

    public void Progress(long unitsDone, int lastLine)
    {
        if (_clock.Elapsed - _last < TimeSpan.FromSeconds(10)) return;
        _last = _clock.Elapsed;
        Console.Error.WriteLine($"  {unitsDone:N0}/{_total:N0} lines, {unitsDone / _clock.Elapsed.TotalSeconds:N0} lines/s");
    }
}
