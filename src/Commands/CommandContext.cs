using Es.Domain;

namespace Es.Commands;

/// <summary>
/// Who sends a command and why, as the entry point knows it: the authenticated caller (or the
/// ingest source), the source for the audit trail, and the ids that tie events together.
/// The actor here is the only one the pipeline trusts; the command's own Actor is overwritten.
/// </summary>
public sealed record CommandContext(Actor Actor, string Source)
{
    /// <summary>Ties together every event of one user action or one incoming message; a new id when absent.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The message or request that caused the command (e.g. the Kafka offset or the HTTP request id).</summary>
    public string? CausationId { get; init; }

    /// <summary>
    /// Makes the command safe to retry: event ids derive from it, so a second delivery appends nothing.
    /// A client mutation id, or the ingest source id.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>What became of a command: the events appended (or the rejections), the stream and its version.</summary>
public sealed record CommandResult(
    string StreamId,
    long Version,
    IReadOnlyList<DomainEvent> Events,
    IReadOnlyList<Rejection> Rejections,
    bool AlreadyApplied)
{
    public bool Succeeded => Rejections.Count == 0;

    /// <summary>
    /// The global log position of the last event this command appended; when it appended none (a
    /// replay, a no-op), that of the stream's last event, the state it was decided on: a reader who
    /// waits for this position sees what the command saw. 0 for a stream with no events.
    /// </summary>
    public long LastSequence { get; init; }

    public static CommandResult Rejected(string streamId, long version, IReadOnlyList<Rejection> rejections) =>
        new(streamId, version, [], rejections, AlreadyApplied: false);
}
