using System.Diagnostics;
using Confluent.Kafka;
using Es.Ingest.Contracts;
using Es.Ingest.Kafka;

namespace Es.Ingest.Generation;

/// <summary>Where generated messages go: JSON Lines files (<see cref="GeneratedJsonLines"/>) or Kafka topics (<see cref="GeneratedKafka"/>).</summary>
public interface IGeneratedMessageSink : IAsyncDisposable
{
    /// <summary>Where the messages went, for a person.</summary>
    string Where { get; }

    void Write(ContractMessage message);

    /// <summary>Everything written is durable (files flushed, every message acknowledged by Kafka), or this throws.</summary>
    Task CompleteAsync(CancellationToken ct);
}

/// <summary>
/// <c>sales.jsonl</c> and <c>orders.jsonl</c> in a folder: each line one message, UTF-8 without BOM,
/// <c>\n</c> line ends — what <c>es import sales|orders FILE</c> reads back. Same generator options,
/// byte-identical files.
/// </summary>
public sealed class GeneratedJsonLines : IGeneratedMessageSink
{
    public const string SalesFile = "sales.jsonl", OrdersFile = "orders.jsonl";

    private readonly FileStream _sales, _orders;

    public GeneratedJsonLines(string folder)
    {
        Directory.CreateDirectory(folder);
        SalesPath = Path.Combine(folder, SalesFile);
        OrdersPath = Path.Combine(folder, OrdersFile);
        _sales = new FileStream(SalesPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        _orders = new FileStream(OrdersPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
    }

    public string SalesPath { get; }
    public string OrdersPath { get; }
    public string Where => $"{SalesPath}, {OrdersPath}";

    public void Write(ContractMessage message)
    {
        var file = message.Topic == IngestTopics.Sales ? _sales : _orders;
        file.Write(message.Value);
        file.WriteByte((byte)'\n');
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        await _sales.FlushAsync(ct);
        await _orders.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _sales.DisposeAsync();
        await _orders.DisposeAsync();
    }
}

/// <summary>
/// The sales and orders topics of a Kafka cluster (a real one, or the embedded mock at the address its
/// host logged): each message keyed by its stream id, so one sale's or order's messages share a
/// partition and keep their order; an idempotent producer (acks all), lz4-compressed batches (the mock
/// keeps ~5 MiB a partition).
/// </summary>
public sealed class GeneratedKafka : IGeneratedMessageSink
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly string _salesTopic, _ordersTopic;
    private readonly Action<DeliveryReport<string, byte[]>> _delivered;
    private long _failed;
    private string? _firstFailure;

    public GeneratedKafka(string bootstrapServers, string salesTopic, string ordersTopic)
    {
        KafkaNativeLibrary.Use();
        _salesTopic = salesTopic;
        _ordersTopic = ordersTopic;
        Where = $"{salesTopic} and {ordersTopic} at {bootstrapServers}";
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers, Acks = Acks.All, EnableIdempotence = true, LingerMs = 20,
            CompressionType = CompressionType.Lz4, BatchSize = 1 << 20,
        }).Build();
        _delivered = report =>
        {
            if (!report.Error.IsError) return;
            if (Interlocked.Increment(ref _failed) == 1) _firstFailure = report.Error.Reason;
        };
    }

    public string Where { get; }

    public void Write(ContractMessage message)
    {
        var topic = message.Topic == IngestTopics.Sales ? _salesTopic : _ordersTopic;
        var kafkaMessage = new Message<string, byte[]> { Key = message.Key, Value = message.Value };
        while (true)
        {
            try
            {
                _producer.Produce(topic, kafkaMessage, _delivered);
                return;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The client's queue is full: wait for deliveries to make room.
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    public Task CompleteAsync(CancellationToken ct)
    {
        while (_producer.Flush(TimeSpan.FromMilliseconds(500)) > 0) ct.ThrowIfCancellationRequested();
        if (Interlocked.Read(ref _failed) is var failed and > 0)
            throw new KafkaException(new Error(ErrorCode.Local_Fail, $"{failed} generated messages were not delivered: {_firstFailure}"));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>What a generation wrote.</summary>
public sealed record GenerationSummary(long SalesMessages, long OrdersMessages, int Labels, TimeSpan Elapsed)
{
    public long Messages => SalesMessages + OrdersMessages;
    public double MessagesPerSecond => Elapsed.TotalSeconds > 0 ? Messages / Elapsed.TotalSeconds : 0;
}

/// <summary>Runs the generator into a sink, and its anomaly labels into a JSON Lines file.</summary>
public static class CommerceOutput
{
    public static async Task<GenerationSummary> WriteAsync(GeneratorOptions options, IGeneratedMessageSink sink, string? labelsPath,
        CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var generator = new CommerceGenerator(options);
        long sales = 0, orders = 0;
        var labels = 0;
        await using var labelFile = labelsPath is null ? null : new FileStream(labelsPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        foreach (var generated in GeneratedMessages.From(generator))
        {
            if ((sales + orders) % 4096 == 0) ct.ThrowIfCancellationRequested();
            sink.Write(generated.Message);
            if (generated.Message.Topic == IngestTopics.Sales) sales++;
            else orders++;
            if (generated.Label is { } label)
            {
                labels++;
                if (labelFile is not null)
                {
                    labelFile.Write(AnomalyLabels.Write(label, generated.MessageId));
                    labelFile.WriteByte((byte)'\n');
                }
            }
        }
        await sink.CompleteAsync(ct);
        if (labelFile is not null) await labelFile.FlushAsync(ct);
        return new GenerationSummary(sales, orders, labels, clock.Elapsed);
    }
}
