namespace Es.EventStore;

/// <summary>
/// The event store: append-only streams of immutable events, and one global log of all of
/// them. Implemented on Marten by <see cref="MartenEventStore"/>; Es's names, metadata and
/// promises (idempotent appends, typed conflicts, archive, audit) on top of Marten's store.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Appends events to one stream in one transaction, if the stream is at
    /// <paramref name="expected"/>. Appending events whose ids are all stored already is a
    /// no-op that returns the original result.
    /// </summary>
    /// <exception cref="WrongExpectedVersionException">The stream is elsewhere; nothing was written.</exception>
    /// <exception cref="StreamArchivedException">The stream takes no more events.</exception>
    Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events,
        EventMetadata? metadata = null, CancellationToken ct = default);

    /// <summary>
    /// Appends to many streams in one transaction: all of it or none of it. New streams go
    /// through Marten's binary COPY (BulkInsertEventsAsync), others through one batched session.
    /// Each part is checked against its expected version; parts whose events are all stored
    /// already are skipped and report their original result. Results come in input order.
    /// </summary>
    /// <exception cref="BulkAppendConflictException">Some stream was not at its expected version; nothing was written.</exception>
    Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default);

    /// <summary>Reads a stream forward; the options bound it by version or by instant (time travel).</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, StreamReadOptions? options = null, CancellationToken ct = default);

    /// <summary>
    /// Reads whole streams in one round trip: each requested id maps to its events in version
    /// order (an empty list when the stream has none). A batched command path decides many
    /// commands on what this returns.
    /// </summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyList<RecordedEvent>>> ReadStreamsAsync(IReadOnlyCollection<string> streamIds,
        CancellationToken ct = default)
    {
        var read = new Dictionary<string, IReadOnlyList<RecordedEvent>>(StringComparer.Ordinal);
        foreach (var id in streamIds.Distinct(StringComparer.Ordinal)) read[id] = await ReadStreamAsync(id, ct: ct);
        return read;
    }

    /// <summary>The stream's version and state; null when it has no events.</summary>
    Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken ct = default);

    /// <summary>Marks a stream archived: it stays readable and takes no more events.</summary>
    Task ArchiveStreamAsync(string streamId, CancellationToken ct = default);

    /// <summary>The events at these global sequence numbers (explain's sources), in log order; missing ones are left out.</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(IReadOnlyList<long> sequences, CancellationToken ct = default);

    /// <summary>Events by actor, correlation id, type and time range, by position.</summary>
    Task<IReadOnlyList<RecordedEvent>> QueryEventsAsync(EventQuery query, CancellationToken ct = default);
}

/// <summary>Bounds of a stream read. Versions are inclusive; <see cref="ToInstant"/> includes events recorded at or before it.</summary>
public sealed record StreamReadOptions
{
    public long FromVersion { get; init; } = 1;
    public long? ToVersion { get; init; }
    public DateTimeOffset? ToInstant { get; init; }
    public int? MaxCount { get; init; }
}

/// <summary>A stream's head: its version (0 = no events), whether it is archived, and when it was written.</summary>
public sealed record StreamInfo(string StreamId, long Version, bool Archived, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>An audit query over event metadata. Every criterion is optional; results are ordered by sequence.</summary>
public sealed record EventQuery
{
    public string? Actor { get; init; }
    public string? CorrelationId { get; init; }
    public string? EventType { get; init; }
    public string? StreamId { get; init; }
    public DateTimeOffset? RecordedFrom { get; init; }
    public DateTimeOffset? RecordedTo { get; init; }

    /// <summary>Keyset paging: only events with a greater global sequence number.</summary>
    public long AfterSequence { get; init; }

    public int Limit { get; init; } = 100;
}
