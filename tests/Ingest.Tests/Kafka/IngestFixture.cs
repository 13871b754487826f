using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Es.Commands;
using Es.EventStore;
using Es.Ingest.Kafka;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Es.Ingest.Tests.Kafka;

/// <summary>
/// Ingest against the real parts: the mock Kafka cluster and PostgreSQL (ES_TEST_POSTGRES, a fresh
/// schema). Tests take topics and consumer groups of their own, so they share both.
/// </summary>
public sealed class IngestFixture : IAsyncLifetime
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ES_TEST_POSTGRES") is { Length: > 0 } cs ? cs : "Host=127.0.0.1;Port=54329;Username=postgres;Database=es";

    public MockKafkaCluster Cluster { get; } = new();
    public EventStoreHandle Events { get; private set; } = null!;

    public async Task InitializeAsync() => Events = await EventStoreHandle.CreateAsync(ConnectionString);

    public async Task DisposeAsync()
    {
        await Events.DisposeAsync();
        Cluster.Dispose();
    }

    /// <summary>Options for a test's own topics and group.</summary>
    public KafkaIngestOptions Options(string purpose) => new()
    {
        BootstrapServers = Cluster.BootstrapServers,
        SalesTopic = KafkaTopics.Unique(purpose + "-sales"),
        OrdersTopic = KafkaTopics.Unique(purpose + "-orders"),
        GroupId = KafkaTopics.Unique(purpose + "-group"),
        MaxBatchWait = TimeSpan.FromMilliseconds(20),
    };

    public async Task ProduceAsync(string topic, params (string Key, string Value)[] messages)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers, Acks = Acks.All }).Build();
        foreach (var (key, value) in messages) await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = value });
    }

    /// <summary>Creates both topics (the mock creates a topic on its first message) with a message no contract reads into anything stored.</summary>
    public static string Json(object message) => JsonSerializer.Serialize(message);

    /// <summary>ES_TEST_KAFKA_LOG=1 shows the consumers' log on the console (what a failing Kafka test did).</summary>
    private static readonly Microsoft.Extensions.Logging.ILogger Logger = Environment.GetEnvironmentVariable("ES_TEST_KAFKA_LOG") == "1"
        ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ")).CreateLogger("ingest")
        : NullLogger.Instance;

    public RunningConsumer Start(KafkaIngestOptions options, EventStoreHandle? events = null, Action<KafkaIngestConsumer>? configure = null)
    {
        var metrics = new IngestMetrics();
        var consumer = new KafkaIngestConsumer(options, (events ?? Events).Pipeline, metrics, Logger);
        configure?.Invoke(consumer);
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => consumer.RunAsync(stop.Token));
        return new RunningConsumer(consumer, metrics, stop, run);
    }

    /// <summary>Waits until <paramref name="done"/> holds, or fails after <paramref name="timeout"/> saying what it waited for.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, string what, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < until)
        {
            if (await done()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"Timed out waiting for {what}.");
    }

    public IReadOnlyList<DeadLetter> DeadLetters(string topic) =>
        Es.Ingest.Kafka.DeadLetters.List(Cluster.BootstrapServers, KafkaIngestOptions.DeadLetterTopicOf(topic));
}

public sealed record RunningConsumer(KafkaIngestConsumer Consumer, IngestMetrics Metrics, CancellationTokenSource Stop, Task Run) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Stop.CancelAsync();
        try { await Run; }
        catch { /* a test that ended it on purpose has looked at how */ }
        Stop.Dispose();
    }
}

/// <summary>An event store and pipeline in a schema of their own, on any PostgreSQL.</summary>
public sealed class EventStoreHandle : IAsyncDisposable
{
    private readonly DocumentStore _documents;
    private readonly NpgsqlDataSource _dataSource;

    private EventStoreHandle(DocumentStore documents, NpgsqlDataSource dataSource, MartenEventStore store, string schema)
    {
        _documents = documents;
        _dataSource = dataSource;
        Store = store;
        Schema = schema;
        Pipeline = new CommandPipeline(store, TimeProvider.System);
    }

    public MartenEventStore Store { get; }
    public CommandPipeline Pipeline { get; }
    public string Schema { get; }

    public static async Task<EventStoreHandle> CreateAsync(string connectionString)
    {
        var schema = "es_test_ingest_" + Guid.NewGuid().ToString("N")[..12];
        var types = CommandPipeline.RegisterDomainEvents(new EventTypeRegistry());
        var options = new EventStoreOptions { Schema = schema };
        var documents = DocumentStore.For(o => EsMarten.Configure(o, connectionString, types, options));
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new MartenEventStore(documents, dataSource, types, options);
        await store.MigrateAsync();
        return new EventStoreHandle(documents, dataSource, store, schema);
    }

    /// <summary>Every event of the schema, in log order (tombstones of failed appends left out).</summary>
    public async Task<IReadOnlyList<RecordedEvent>> AllAsync() =>
        await Store.QueryEventsAsync(new EventQuery { Limit = 10_000 });

    public async ValueTask DisposeAsync()
    {
        _documents.Dispose();
        try
        {
            await using var cmd = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException) { /* a private cluster already gone */ }
        await _dataSource.DisposeAsync();
    }
}

/// <summary>Messages in the documented contracts (docs/ingest.md), built as a producer would.</summary>
internal static class Messages
{
    public static (string Key, string Value) SaleRecorded(Guid saleId, long amountMinor, string currency = "EUR", string? id = null,
        string approvedAt = "2026-11-02T12:00:00+01:00") =>
        ($"sale-{saleId}", IngestFixture.Json(new
        {
            type = "sale.recorded", version = 1, id, saleId, merchantId = "merchant-7", platform = "visa", customerToken = "cust-1",
            amountMinor, currency, approvedAt,
        }));

    public static (string Key, string Value) SaleRefunded(Guid saleId, string refundId, long amountMinor, string? id = null) =>
        ($"sale-{saleId}", IngestFixture.Json(new
        {
            type = "sale.refunded", version = 1, id, saleId, refundId, amountMinor, currency = "EUR", refundedAt = "2026-11-02T15:30:00Z",
        }));

    public static (string Key, string Value) OrderPlaced(Guid orderId, string? id = null) =>
        ($"order-{orderId}", IngestFixture.Json(new
        {
            type = "order.placed", version = 1, id, orderId, customerToken = "cust-9", restaurantId = "rest-3",
            items = new[] { new { name = "Ramen", quantity = 2, unitPriceMinor = 1150 }, new { name = "Gyoza", quantity = 1, unitPriceMinor = 600 } },
            totalMinor = 2 * 1150 + 600, currency = "EUR", addressArea = "centre", placedAt = "2026-11-02T19:00:00+01:00",
        }));

    public static (string Key, string Value) OrderDelivered(Guid orderId, string? id = null) =>
        ($"order-{orderId}", IngestFixture.Json(new
        {
            type = "order.delivered", version = 1, id, orderId, deliveredAt = "2026-11-02T19:40:00+01:00", distanceKm = 3.4, feeMinor = 250, currency = "EUR",
        }));

    public static (string Key, string Value) OrderCancelled(Guid orderId, string? id = null) =>
        ($"order-{orderId}", IngestFixture.Json(new
        {
            type = "order.cancelled", version = 1, id, orderId, reason = "restaurant closed", cancelledAt = "2026-11-02T19:05:00+01:00",
        }));
}
