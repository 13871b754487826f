namespace Es.Projections;

public enum ProjectionState
{
    /// <summary>Following the log.</summary>
    Running,

    /// <summary>Being built from the start of the log (beside the current build, or as the first one) and not yet caught up.</summary>
    Rebuilding,

    /// <summary>Stopped by an operator; resume continues from the checkpoint.</summary>
    Paused,

    /// <summary>
    /// Stopped on an event it could not apply: the live build until an operator retries or skips it;
    /// a build being made beside it until the rebuild runner, which keeps trying, gets past the event.
    /// </summary>
    Failed,
}

/// <summary>One build of one projection.</summary>
public sealed record ProjectionStatus(
    string Name,
    int Generation,
    int Version,
    ProjectionMode Mode,
    bool IsCurrent,
    ProjectionState State,
    long Position,
    bool CaughtUp,
    long EventsProcessed,
    long LagEvents,
    double LagSeconds,
    double EventsPerSecond,
    DateTimeOffset? RebuildStartedAt,
    string? LastError,
    FailedEvent? FailedEvent);

/// <summary>The event a projection stopped on.</summary>
public sealed record FailedEvent(Guid EventId, long Sequence, string EventType, string StreamId, DateTimeOffset FailedAt);

/// <summary>An event an operator skipped, as recorded.</summary>
public sealed record SkippedEvent(string Name, Guid EventId, long Sequence, string EventType, string StreamId, string? Error,
    string? SkippedBy, string? Reason, DateTimeOffset SkippedAt);
