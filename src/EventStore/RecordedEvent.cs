using JasperFx.Events;

namespace Es.EventStore;

/// <summary>A stored event with all its metadata, as Es reports it: Marten's event under Es's names.</summary>
public sealed class RecordedEvent
{
    internal RecordedEvent(Guid eventId, string streamId, long streamVersion, long sequence, string eventType, int schemaVersion,
        Func<object> load, DateTimeOffset recordedAt, EventMetadata metadata, bool archived)
        : this(eventId, streamId, streamVersion, sequence, eventType, schemaVersion, (object?)null, recordedAt, metadata, archived) =>
        _load = load;

    internal RecordedEvent(Guid eventId, string streamId, long streamVersion, long sequence, string eventType, int schemaVersion,
        object? data, DateTimeOffset recordedAt, EventMetadata metadata, bool archived)
    {
        EventId = eventId;
        StreamId = streamId;
        StreamVersion = streamVersion;
        Sequence = sequence;
        EventType = eventType;
        SchemaVersion = schemaVersion;
        _data = data;
        RecordedAt = recordedAt;
        Metadata = metadata;
        Archived = archived;
    }

    internal static string UnknownTypeMessage(string storedName, IEvent e) =>
        UnknownTypeMessage(storedName, e.Sequence, e.StreamKey ?? e.StreamId.ToString(), e.Version);

    internal static string UnknownTypeMessage(string storedName, long sequence, string streamId, long version) =>
        $"Event type '{storedName}' (event #{sequence}, stream '{streamId}' version {version}) is not registered in this program.";

    /// <summary>Reads Marten's event: Es's stable type name (not Marten's stored <c>_vN</c> name) and Es's metadata.</summary>
    public static RecordedEvent From(IEvent e, EventTypeRegistry types)
    {
        var info = types.TryGetByType(e.EventType, out var known)
            ? known
            : throw new UnknownEventTypeException(UnknownTypeMessage(e.EventTypeName, e));
        var headers = e.Headers;
        var schemaVersion = headers is not null && headers.TryGetValue(EsMarten.SchemaVersionHeader, out var v) && v is not null
            && int.TryParse(v.ToString(), out var parsed) ? parsed : 1;
        var source = headers is not null && headers.TryGetValue(EsMarten.SourceHeader, out var s) ? s?.ToString() : null;
        return new RecordedEvent(e.Id, e.StreamKey ?? e.StreamId.ToString(), e.Version, e.Sequence, info.Name, schemaVersion, e.Data,
            e.Timestamp, new EventMetadata { Actor = e.UserName, CorrelationId = e.CorrelationId, CausationId = e.CausationId, Source = source },
            e.IsArchived);
    }

    public Guid EventId { get; }
    public string StreamId { get; }

    /// <summary>1 for a stream's first event.</summary>
    public long StreamVersion { get; }

    /// <summary>The event's place in the global log (Marten's <c>seq_id</c>): unique, increasing in commit order below the high-water mark.</summary>
    public long Sequence { get; }

    /// <summary>The stable event type name, as registered.</summary>
    public string EventType { get; }

    /// <summary>The schema version the payload was written with (before upcasting).</summary>
    public int SchemaVersion { get; }

    private object? _data;
    private readonly Func<object>? _load;

    /// <summary>
    /// The payload as its registered CLR type, upcast to the current schema version. A rebuild's
    /// page reader defers it to the first use, so a projection that only counts never pays for it.
    /// </summary>
    public object Data => _data ??= _load!();

    public DateTimeOffset RecordedAt { get; }
    public EventMetadata Metadata { get; }

    /// <summary>Whether the event's stream is archived.</summary>
    public bool Archived { get; }

    public override string ToString() => $"{EventType} {StreamId}@{StreamVersion} #{Sequence}";
}
