namespace Es.Projections;

/// <summary>Settings of the projection engine, bound from configuration section <c>Es:Projections</c>.</summary>
public sealed class ProjectionOptions
{
    /// <summary>The schema of the engine's tables and of the read models; null means the event store's schema.</summary>
    public string? Schema { get; set; }

    /// <summary>Most events read from the log per batch; one batch is one transaction.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>How often an idle agent looks at the log when no append wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the daemon tries to take unowned projections and checks its lock connection: the failover time.</summary>
    public TimeSpan OwnershipInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause after a transient failure (connection lost, deadlock) before the batch is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Names this node in status output.</summary>
    public string NodeName { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Whether the daemon runs in this process (an Api node may only serve reads).</summary>
    public bool RunDaemon { get; set; } = true;

    /// <summary>Called after each batch commits (name, shard, events): metrics and benchmarks hook in here.</summary>
    public Action<string, int, IReadOnlyList<ProjectedEvent>>? BatchCommitted { get; set; }

    internal void Validate()
    {
        if (Schema is not null) SqlName.Check(Schema, "projection schema");
        if (BatchSize is < 1 or > 100_000) throw new ArgumentException("Projections BatchSize must be 1..100000.");
        if (PollInterval <= TimeSpan.Zero || OwnershipInterval <= TimeSpan.Zero || RetryDelay < TimeSpan.Zero)
            throw new ArgumentException("Projection intervals must be positive.");
    }
}
