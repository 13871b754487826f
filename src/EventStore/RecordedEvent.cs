using System.Text.Json;

namespace Es.EventStore;

/// <summary>
/// A place in the global log, in commit order: the id of the writing transaction, then the
/// event's sequence number. Events are read in this order; see docs/architecture.md for why
/// a sequence number alone cannot be the order.
/// </summary>
public readonly record struct LogPosition(ulong TransactionId, long Sequence) : IComparable<LogPosition>
{
    /// <summary>Before the first event.</summary>
    public static LogPosition Start { get; } = new(0, 0);

    public int CompareTo(LogPosition other)
    {
        var byTransaction = TransactionId.CompareTo(other.TransactionId);
        return byTransaction != 0 ? byTransaction : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(LogPosition a, LogPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(LogPosition a, LogPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(LogPosition a, LogPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(LogPosition a, LogPosition b) => a.CompareTo(b) >= 0;

    /// <summary>"transaction/sequence", the form operators see and can pass back.</summary>
    public override string ToString() => $"{TransactionId}/{Sequence}";

    public static LogPosition Parse(string text)
    {
        var slash = text.IndexOf('/');
        if (slash <= 0 || !ulong.TryParse(text.AsSpan(0, slash), out var tx) || !long.TryParse(text.AsSpan(slash + 1), out var seq))
            throw new FormatException($"'{text}' is not a log position (expected 'transaction/sequence').");
        return new LogPosition(tx, seq);
    }
}

/// <summary>A stored event with all its metadata.</summary>
public sealed class RecordedEvent
{
    private readonly EventTypeRegistry _types;
    private object? _data;

    internal RecordedEvent(EventTypeRegistry types, Guid eventId, string streamId, long streamVersion, long position,
        LogPosition logPosition, string eventType, int schemaVersion, byte[] rawData, DateTimeOffset recordedAt,
        EventMetadata metadata)
    {
        _types = types;
        EventId = eventId;
        StreamId = streamId;
        StreamVersion = streamVersion;
        Position = position;
        LogPosition = logPosition;
        EventType = eventType;
        SchemaVersion = schemaVersion;
        RawData = rawData;
        RecordedAt = recordedAt;
        Metadata = metadata;
    }

    public Guid EventId { get; }
    public string StreamId { get; }

    /// <summary>1 for a stream's first event.</summary>
    public long StreamVersion { get; }

    /// <summary>The event's global position: unique and stable, increasing within a transaction.</summary>
    public long Position { get; }

    /// <summary>Where the event stands in the commit-ordered log; what checkpoints store.</summary>
    public LogPosition LogPosition { get; }

    /// <summary>The stable event type name, as registered.</summary>
    public string EventType { get; }

    /// <summary>The schema version the payload was written with (before upcasting).</summary>
    public int SchemaVersion { get; }

    /// <summary>The payload as stored (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> RawData { get; }

    public DateTimeOffset RecordedAt { get; }
    public EventMetadata Metadata { get; }

    /// <summary>
    /// The payload as its registered CLR type, upcast to the current schema version.
    /// Throws <see cref="UnknownEventTypeException"/> when the type name is not registered.
    /// </summary>
    public object Data => _data ??= _types.Deserialize(this);

    public JsonElement DataAsJson() => JsonDocument.Parse(RawData).RootElement;

    public override string ToString() => $"{EventType} {StreamId}@{StreamVersion} #{Position}";
}
