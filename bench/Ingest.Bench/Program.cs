// Ingest benchmark: end-to-end Kafka → events stored (KafkaIngestConsumer: parse, validate,
// SendManyAsync, commit) for N sale.recorded messages, beside, in the same run, a raw consume of
// the same topic (count only) and the raw bulk append of the same events (AppendManyAsync in
// batches of the consumer's size). Not a test: it prints figures.
// Run: scripts/bench ingest   (or: dotnet run -c Release --project bench/Ingest.Bench; ES_BENCH_MESSAGES=200000)
// The mock cluster keeps ~5 MiB per partition and drops older messages silently: the topic is
// produced with lz4, and every phase checks it saw all N.
using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Es.Commands;
using Es.Domain;
using Es.EventStore;
using Es.Ingest.Contracts;
using Es.Ingest.Kafka;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

var connectionString = Environment.GetEnvironmentVariable("ES_BENCH_POSTGRES") is { Length: > 0 } cs ? cs
    : Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } t ? t
    : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";
var total = int.TryParse(Environment.GetEnvironmentVariable("ES_BENCH_MESSAGES"), out var n) ? n : 200_000;
var batchSize = int.TryParse(Environment.GetEnvironmentVariable("ES_BENCH_BATCH"), out var b) ? b : 5_000;
var run = Guid.NewGuid().ToString("N")[..8];
var topic = $"bench-sales-{run}";

using var cluster = new MockKafkaCluster();
Console.WriteLine($"Es ingest benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {total:N0} sale.recorded messages, " +
                  $"batch {batchSize:N0}, mock Kafka at {cluster.BootstrapServers}, topic {topic} (4 partitions, lz4)");

// 1. Produce: keys are the stream ids, values the documented contract, each with a producer id.
var saleIds = Enumerable.Range(0, total).Select(_ => Guid.NewGuid()).ToArray();
string Value(int i) => JsonSerializer.Serialize(new
{
    type = "sale.recorded", version = 1, id = $"pos-{run}-{i}", saleId = saleIds[i], merchantId = $"merchant-{i % 500}", platform = i % 3 == 0 ? "web" : "pos",
    customerToken = $"cust-{i % 20_000}", amountMinor = 500 + i % 20_000, currency = "EUR", approvedAt = "2026-11-01T10:00:00+01:00",
});
var sw = Stopwatch.StartNew();
using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
       {
           BootstrapServers = cluster.BootstrapServers, CompressionType = CompressionType.Lz4, LingerMs = 20, BatchSize = 1_000_000, Acks = Acks.Leader,
       }).Build())
{
    for (var i = 0; i < total; i++)
    {
        while (true)
        {
            try { producer.Produce(topic, new Message<string, string> { Key = $"sale-{saleIds[i]}", Value = Value(i) }); break; }
            catch (ProduceException<string, string> e) when (e.Error.Code == ErrorCode.Local_QueueFull) { producer.Poll(TimeSpan.FromMilliseconds(50)); }
        }
    }
    producer.Flush(TimeSpan.FromMinutes(2));
}
var produceRate = total / sw.Elapsed.TotalSeconds;
Console.WriteLine($"produce                     {produceRate,10:N0} msg/s");

// 2. Raw consume: a group of its own reads the topic and counts. Timed from the first message (after the group join).
var (consumed, consumeRate) = RawConsume(cluster.BootstrapServers, topic, total);
Console.WriteLine($"raw consume                 {consumeRate,10:N0} msg/s   ({consumed:N0} read)");
if (consumed != total) Console.WriteLine($"  ! the mock kept only {consumed:N0} of {total:N0}: its ~5 MiB per partition cap; lower ES_BENCH_MESSAGES");

// 3. Raw bulk append of the same events, as the pipeline would build them, in batches of the consumer's size.
await using var dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=20");
var types = CommandPipeline.RegisterDomainEvents(new EventTypeRegistry());
var contracts = new IngestContracts();
var appends = new List<StreamAppend>(total);
for (var i = 0; i < total; i++)
{
    var parsed = contracts.Parse(IngestTopics.Sales, System.Text.Encoding.UTF8.GetBytes(Value(i)), $"{topic}/0/{i}");
    var c = (RecordSale)parsed.Command!;
    var e = new SaleRecorded(c.SaleId, c.MerchantId, c.Platform, c.CustomerToken, c.Amount, c.ApprovedAt, c.SourceId);
    var key = $"kafka:sales:{parsed.MessageId}";
    appends.Add(new StreamAppend(Sale.StreamId(c.SaleId), ExpectedVersion.NoStream, [new EventData(NameBasedGuid.ForEvent(key, Sale.StreamId(c.SaleId), 0), e)],
        new EventMetadata { Actor = $"kafka:{topic}", CorrelationId = key, CausationId = $"kafka:{topic}/0/{i}", Source = $"kafka:{topic}/0/{i}" }));
}
var (rawStore, rawDocs, rawSchema) = await StoreAsync("raw");
double appendRate;
try
{
    sw.Restart();
    for (var i = 0; i < total; i += batchSize)
        await rawStore.AppendManyAsync(appends.GetRange(i, Math.Min(batchSize, total - i)));
    appendRate = total / sw.Elapsed.TotalSeconds;
    Console.WriteLine($"raw bulk append             {appendRate,10:N0} ev/s    ({await CountAsync(rawSchema):N0} stored)");
}
finally
{
    rawDocs.Dispose();
    await DropAsync(rawSchema);
}

// 4. End to end: the ingest consumer into a fresh schema, timed from its first batch until all are stored.
var (ingestStore, ingestDocs, ingestSchema) = await StoreAsync("ingest");
try
{
    var metrics = new IngestMetrics();
    var options = new KafkaIngestOptions
    {
        BootstrapServers = cluster.BootstrapServers, SalesTopic = topic, OrdersTopic = topic + "-orders", GroupId = "bench-ingest-" + run, MaxBatch = batchSize,
    };
    var consumer = new KafkaIngestConsumer(options, new CommandPipeline(ingestStore, TimeProvider.System), metrics, NullLogger.Instance);
    using var stop = new CancellationTokenSource();
    var task = Task.Run(() => consumer.RunAsync(stop.Token));
    var joinWatch = Stopwatch.StartNew();
    while (metrics.Consumed == 0 && joinWatch.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(5);
    // The first batch is already counted when Consumed turns non-zero: start the clock then, and leave it out of the count.
    var first = metrics.Stored;
    sw.Restart();
    while (metrics.Stored < consumed && sw.Elapsed < TimeSpan.FromMinutes(10) && !task.IsCompleted) await Task.Delay(5);
    var elapsed = sw.Elapsed.TotalSeconds;
    var ingestRate = (metrics.Stored - first) / elapsed;
    await stop.CancelAsync();
    await task;
    var stored = await CountAsync(ingestSchema);
    Console.WriteLine($"end-to-end ingest           {ingestRate,10:N0} msg/s   ({stored:N0} events stored, {metrics.Stored:N0} messages stored, {metrics.DeadLettered} dead letters, group join {joinWatch.Elapsed.TotalSeconds - elapsed:0.0} s left out)");
    var slower = Math.Min(consumeRate, appendRate);
    Console.WriteLine($"ratio to the slower of raw consume and raw bulk append: {ingestRate / slower:0.00} (aim: at least 0.50)");
    if (stored != consumed) Console.WriteLine($"  ! stored {stored:N0} events for {consumed:N0} messages");
}
finally
{
    ingestDocs.Dispose();
    await DropAsync(ingestSchema);
}

// 5. What a per-message listener (Wolverine's Kafka listener calls its handler once per message) can
// at best do with the same pipeline: SendAsync one message at a time, one read and one append
// transaction each, on a sample of the messages.
var sample = Math.Min(total, int.TryParse(Environment.GetEnvironmentVariable("ES_BENCH_PER_MESSAGE"), out var pm) ? pm : 3_000);
var (oneStore, oneDocs, oneSchema) = await StoreAsync("single");
try
{
    var pipeline = new CommandPipeline(oneStore, TimeProvider.System);
    sw.Restart();
    for (var i = 0; i < sample; i++)
    {
        var parsed = contracts.Parse(IngestTopics.Sales, System.Text.Encoding.UTF8.GetBytes(Value(i)), $"{topic}/0/{i}");
        await pipeline.SendAsync(parsed.Command!, new CommandContext(Actor.System($"kafka:{topic}"), $"kafka:{topic}/0/{i}")
            { IdempotencyKey = $"kafka:sales:{parsed.MessageId}" });
    }
    Console.WriteLine($"per-message SendAsync       {sample / sw.Elapsed.TotalSeconds,10:N0} msg/s   ({sample:N0} messages, one at a time: the per-message listener's ceiling)");
}
finally
{
    oneDocs.Dispose();
    await DropAsync(oneSchema);
}

static (int Count, double Rate) RawConsume(string servers, string topic, int expected)
{
    using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
    {
        BootstrapServers = servers, GroupId = "bench-raw-" + Guid.NewGuid().ToString("N")[..6], AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
    }).Build();
    consumer.Subscribe(topic);
    var count = 0;
    Stopwatch? sw = null;
    var idle = Stopwatch.StartNew();
    while (count < expected && idle.Elapsed < TimeSpan.FromSeconds(sw is null ? 60 : 5))
    {
        var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
        if (r is null) continue;
        sw ??= Stopwatch.StartNew();
        count++;
        idle.Restart();
    }
    var seconds = sw?.Elapsed.TotalSeconds ?? 1;
    if (count < expected) seconds -= 5; // the idle wait at the end is no consuming
    consumer.Close();
    return (count, count / Math.Max(seconds, 0.001));
}

async Task<(MartenEventStore Store, DocumentStore Documents, string Schema)> StoreAsync(string purpose)
{
    var schema = $"es_bench_ingest_{purpose}_{run}";
    var options = new EventStoreOptions { Schema = schema };
    var documents = DocumentStore.For(o => EsMarten.Configure(o, connectionString + ";Maximum Pool Size=20", types, options));
    var store = new MartenEventStore(documents, dataSource, types, options);
    await store.MigrateAsync();
    return (store, documents, schema);
}

async Task<long> CountAsync(string schema)
{
    await using var cmd = dataSource.CreateCommand($"SELECT count(*) FROM {schema}.mt_events");
    return (long)(await cmd.ExecuteScalarAsync())!;
}

async Task DropAsync(string schema)
{
    await using var cmd = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
    await cmd.ExecuteNonQueryAsync();
}
