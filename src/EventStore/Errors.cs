namespace Es.EventStore;

/// <summary>Base of every error the event store reports on purpose.</summary>
public abstract class EventStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The stream is not at the version the caller expected; nothing was written.</summary>
public sealed class WrongExpectedVersionException(string streamId, ExpectedVersion expected, long actual)
    : EventStoreException($"Stream '{streamId}' was expected at version {expected} but is at {actual}.")
{
    public string StreamId { get; } = streamId;
    public ExpectedVersion Expected { get; } = expected;

    /// <summary>The stream's version when the append was refused; 0 when it has no events.</summary>
    public long ActualVersion { get; } = actual;
}

/// <summary>One or more streams of a bulk append were not at their expected versions; nothing was written.</summary>
public sealed class BulkAppendConflictException(IReadOnlyList<WrongExpectedVersionException> conflicts)
    : EventStoreException($"{conflicts.Count} stream(s) were not at their expected versions: " +
                          string.Join("; ", conflicts.Take(5).Select(c => c.Message)))
{
    public IReadOnlyList<WrongExpectedVersionException> Conflicts { get; } = conflicts;
}

/// <summary>The stream is archived: it can be read but takes no more events.</summary>
public sealed class StreamArchivedException(string streamId)
    : EventStoreException($"Stream '{streamId}' is archived and takes no more events.")
{
    public string StreamId { get; } = streamId;
}

/// <summary>The append request itself is malformed (empty stream id, no events, duplicate ids, ...).</summary>
public sealed class InvalidAppendException(string message) : EventStoreException(message);

/// <summary>An event's serialized payload is larger than <see cref="EventStoreOptions.MaxEventBytes"/>.</summary>
public sealed class EventTooLargeException(Guid eventId, int bytes, int limit)
    : EventStoreException($"Event {eventId} is {bytes} bytes; the limit is {limit} bytes.")
{
    public Guid EventId { get; } = eventId;
    public int Bytes { get; } = bytes;
}

/// <summary>An event type (a CLR type on append, a stored name on read) that the registry does not know.</summary>
public sealed class UnknownEventTypeException(string message) : EventStoreException(message);

/// <summary>A stored payload could not be turned into its CLR type (bad JSON, a missing upcaster, ...).</summary>
public sealed class EventDeserializationException(string message, Exception? inner = null) : EventStoreException(message, inner);

/// <summary>
/// The database could not be reached, or the connection broke mid-call. Nothing half-written is
/// left: an append commits whole or not at all. Retrying with the same event ids is always safe,
/// because appending ids that are already stored returns the original result.
/// </summary>
public sealed class EventStoreUnavailableException(string message, Exception inner) : EventStoreException(message, inner);
