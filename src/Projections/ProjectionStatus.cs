using Es.EventStore;

namespace Es.Projections;

public enum ProjectionState
{
    /// <summary>Following the log.</summary>
    Running,

    /// <summary>Building from position 0 (a new build beside the current one, or a reset one) and not yet caught up.</summary>
    Rebuilding,

    /// <summary>Stopped by an operator; resume continues from the checkpoint.</summary>
    Paused,

    /// <summary>Stopped on an event it could not apply; an operator retries or skips it.</summary>
    Failed,
}

/// <summary>One build of one projection, summed over its shards.</summary>
public sealed record ProjectionStatus(
    string Name,
    int Generation,
    int Version,
    ProjectionMode Mode,
    bool IsCurrent,
    DateTimeOffset? RebuildStartedAt,
    IReadOnlyList<ShardStatus> Shards)
{
    /// <summary>The worst state over the shards: failed, then paused, then rebuilding.</summary>
    public ProjectionState State => Shards.Select(s => s.State).DefaultIfEmpty(ProjectionState.Running).Max();

    /// <summary>The shard furthest behind.</summary>
    public LogPosition Position => Shards.Count == 0 ? LogPosition.Start : Shards.Min(s => s.Position);

    public long LagEvents => Shards.Count == 0 ? 0 : Shards.Max(s => s.LagEvents);
    public double LagSeconds => Shards.Count == 0 ? 0 : Shards.Max(s => s.LagSeconds);
    public double EventsPerSecond => Shards.Sum(s => s.EventsPerSecond);
    public long EventsProcessed => Shards.Count == 0 ? 0 : Shards.Min(s => s.EventsProcessed);
    public string? LastError => Shards.Select(s => s.LastError).FirstOrDefault(e => e is not null);
    public FailedEvent? FailedEvent => Shards.Select(s => s.FailedEvent).FirstOrDefault(e => e is not null);
}

public sealed record ShardStatus(
    int Shard,
    ProjectionState State,
    LogPosition Position,
    bool CaughtUp,
    long EventsProcessed,
    long LagEvents,
    double LagSeconds,
    double EventsPerSecond,
    string? Owner,
    string? LastError,
    FailedEvent? FailedEvent,
    DateTimeOffset UpdatedAt);

/// <summary>The event a projection stopped on.</summary>
public sealed record FailedEvent(Guid EventId, LogPosition Position, string EventType, string StreamId, DateTimeOffset FailedAt);

/// <summary>An event an operator skipped, as recorded.</summary>
public sealed record SkippedEvent(string Name, int Generation, int Shard, Guid EventId, LogPosition Position, string EventType,
    string StreamId, string? Error, string? SkippedBy, string? Reason, DateTimeOffset SkippedAt);
