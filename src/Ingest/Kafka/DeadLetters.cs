using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Es.Ingest.Contracts;

namespace Es.Ingest.Kafka;

/// <summary>
/// The dead-letter topics (<c>&lt;topic&gt;.dlq</c>): a message that cannot be parsed, breaks a rule
/// or names an unknown contract version is written there, as it was (key, value, its own headers),
/// with headers saying why and where it came from. Operators list them and replay one to its
/// original topic once the cause is fixed.
/// </summary>
public static class DeadLetters
{
    public const string Reason = "es-dlq-reason";
    public const string Message = "es-dlq-message";
    public const string Field = "es-dlq-field";
    public const string OriginalTopic = "es-dlq-original-topic";
    public const string OriginalPartition = "es-dlq-original-partition";
    public const string OriginalOffset = "es-dlq-original-offset";
    public const string OriginalTimestamp = "es-dlq-original-timestamp";
    public const string DeadLetteredAt = "es-dlq-at";
    /// <summary>On a replayed message: the dead letter it came from (<c>topic/partition/offset</c>).</summary>
    public const string ReplayedFrom = "es-replayed-from";
    /// <summary>On a replayed message: who replayed it, when known (<c>admin:&lt;id&gt;</c> from the API).</summary>
    public const string ReplayedBy = "es-replayed-by";

    /// <summary>The dead letter for <paramref name="original"/>: its key, value and headers, plus why and from where.</summary>
    public static Message<byte[]?, byte[]> For(ConsumeResult<byte[]?, byte[]> original, ContractViolation why, DateTimeOffset at)
    {
        var headers = new Headers();
        if (original.Message.Headers is { } own)
            foreach (var h in own) headers.Add(h.Key, h.GetValueBytes());
        Add(headers, Reason, why.Reason);
        Add(headers, Message, why.Message);
        if (why.Field is { } field) Add(headers, Field, field);
        Add(headers, OriginalTopic, original.Topic);
        Add(headers, OriginalPartition, original.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, OriginalOffset, original.Offset.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, OriginalTimestamp, original.Message.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add(headers, DeadLetteredAt, at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        return new Message<byte[]?, byte[]> { Key = original.Message.Key, Value = original.Message.Value ?? [], Headers = headers };
    }

    private static void Add(Headers headers, string key, string value) => headers.Add(key, Encoding.UTF8.GetBytes(value));

    public static string? Header(Headers? headers, string key) =>
        headers is not null && headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>Every dead letter of <paramref name="deadLetterTopic"/> now in Kafka, by partition and offset.</summary>
    public static IReadOnlyList<DeadLetter> List(string bootstrapServers, string deadLetterTopic, int limit = 1000, TimeSpan? timeout = null)
    {
        KafkaNativeLibrary.Use();
        var wait = timeout ?? TimeSpan.FromSeconds(10);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var topic = admin.GetMetadata(deadLetterTopic, wait).Topics.SingleOrDefault(t => t.Topic == deadLetterTopic);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0) return [];
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers, GroupId = "es-dlq-reader", EnableAutoCommit = false, EnablePartitionEof = true,
        }).Build();
        var letters = new List<DeadLetter>();
        foreach (var p in topic.Partitions)
        {
            var tp = new TopicPartition(deadLetterTopic, p.PartitionId);
            var marks = consumer.QueryWatermarkOffsets(tp, wait);
            if (marks.High <= marks.Low) continue;
            consumer.Assign(new TopicPartitionOffset(tp, marks.Low));
            while (letters.Count < limit)
            {
                var r = consumer.Consume(wait);
                if (r is null || r.IsPartitionEOF) break;
                letters.Add(DeadLetter.From(r));
                if (r.Offset.Value >= marks.High - 1) break;
            }
            consumer.Unassign();
        }
        return letters;
    }

    /// <summary>
    /// Produces the dead letter's original key and value (and its own headers, not the dead-letter
    /// ones) to its original topic, marked <see cref="ReplayedFrom"/>. Returns where it went.
    /// </summary>
    public static async Task<TopicPartitionOffset> ReplayAsync(string bootstrapServers, string deadLetterTopic, int partition, long offset,
        CancellationToken ct = default, string? replayedBy = null)
    {
        KafkaNativeLibrary.Use();
        DeadLetter letter;
        using (var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
               {
                   BootstrapServers = bootstrapServers, GroupId = "es-dlq-reader", EnableAutoCommit = false,
               }).Build())
        {
            // An offset the partition does not hold is answered at once, not after waiting for it to come.
            WatermarkOffsets marks;
            try
            {
                marks = consumer.QueryWatermarkOffsets(new TopicPartition(deadLetterTopic, partition), TimeSpan.FromSeconds(10));
            }
            catch (KafkaException e) when (e.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownPartition or ErrorCode.Local_UnknownTopic)
            {
                throw new InvalidOperationException($"No dead letter at {deadLetterTopic}/{partition}/{offset}.", e);
            }
            if (offset < marks.Low.Value || offset >= marks.High.Value)
                throw new InvalidOperationException($"No dead letter at {deadLetterTopic}/{partition}/{offset}.");
            consumer.Assign(new TopicPartitionOffset(deadLetterTopic, partition, offset));
            var r = consumer.Consume(TimeSpan.FromSeconds(10));
            if (r is null || r.Offset.Value != offset)
                throw new InvalidOperationException($"No dead letter at {deadLetterTopic}/{partition}/{offset}.");
            letter = DeadLetter.From(r);
        }
        var headers = new Headers();
        foreach (var h in letter.OwnHeaders) headers.Add(h.Key, h.Value);
        headers.Add(ReplayedFrom, Encoding.UTF8.GetBytes($"{deadLetterTopic}/{partition}/{offset}"));
        if (replayedBy is not null) headers.Add(ReplayedBy, Encoding.UTF8.GetBytes(replayedBy));
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All }).Build();
        var delivered = await producer.ProduceAsync(letter.OriginalTopic,
            new Message<byte[]?, byte[]> { Key = letter.Key, Value = letter.Value, Headers = headers }, ct);
        return delivered.TopicPartitionOffset;
    }
}

/// <summary>A dead letter as operators see it.</summary>
public sealed record DeadLetter(string Topic, int Partition, long Offset, string Reason, string Message, string? Field,
    string OriginalTopic, int OriginalPartition, long OriginalOffset, string? DeadLetteredAt, byte[]? Key, byte[] Value,
    IReadOnlyList<KeyValuePair<string, byte[]>> OwnHeaders)
{
    public string KeyText => Key is null ? "" : Encoding.UTF8.GetString(Key);
    public string ValueText => Encoding.UTF8.GetString(Value);

    /// <summary>The value as text, cut after <paramref name="length"/> characters (with an ellipsis).</summary>
    public string ValuePreview(int length = 200) => ValueText.Length <= length ? ValueText : ValueText[..length] + "…";

    public static DeadLetter From(ConsumeResult<byte[]?, byte[]> r)
    {
        var h = r.Message.Headers;
        string Get(string key) => DeadLetters.Header(h, key) ?? "";
        var own = h is null ? [] : h.Where(x => !x.Key.StartsWith("es-dlq-", StringComparison.Ordinal))
            .Select(x => KeyValuePair.Create(x.Key, x.GetValueBytes())).ToList();
        return new DeadLetter(r.Topic, r.Partition.Value, r.Offset.Value, Get(DeadLetters.Reason), Get(DeadLetters.Message),
            DeadLetters.Header(h, DeadLetters.Field), Get(DeadLetters.OriginalTopic),
            int.TryParse(Get(DeadLetters.OriginalPartition), CultureInfo.InvariantCulture, out var p) ? p : -1,
            long.TryParse(Get(DeadLetters.OriginalOffset), CultureInfo.InvariantCulture, out var o) ? o : -1,
            DeadLetters.Header(h, DeadLetters.DeadLetteredAt), r.Message.Key, r.Message.Value ?? [], own);
    }
}
