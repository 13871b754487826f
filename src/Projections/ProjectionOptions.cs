namespace Es.Projections;

/// <summary>Settings of Es's projections, bound from configuration section <c>Es:Projections</c>.</summary>
public sealed class ProjectionOptions
{
    /// <summary>The schema of Es's projection tables and of the read models; null means the event store's schema.</summary>
    public string? Schema { get; set; }

    /// <summary>
    /// Most events per page, for Marten's daemon and for the rebuild runner; one page is one
    /// transaction. packages.md measured 5,000 as the daemon's best (default 500 ran at 73 % of it).
    /// </summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>How often the rebuild runner and the control loop look for work when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause after a transient failure (connection lost, deadlock) before a rebuild page is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often a node without the daemon's leadership tries to take it (Marten's
    /// <c>LeadershipPollingTime</c>, 5 s by default): about the failover time when the leader dies.
    /// </summary>
    public TimeSpan TakeoverInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the leader's daemon looks for newly committed events while events are flowing, and
    /// while the log is quiet (Marten's <c>FastPollingTime</c> and <c>SlowPollingTime</c>, 250 ms
    /// and 1 s by default). Es's <see cref="Es.EventStore.AppendSignal"/> wakes the daemon as soon as
    /// an append commits (on this node at once, from another node by a NOTIFY), so these bound the
    /// wait only when no signal comes (a lost NOTIFY, an append from outside Es). At Marten's
    /// defaults and without a wake-up, the benchmark measured a lag p99 of ~1.1 s at 1,000 events/s.
    /// </summary>
    public TimeSpan FastPolling { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <inheritdoc cref="FastPolling"/>
    public TimeSpan SlowPolling { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Shortest time between two looks for new events while appends keep waking the daemon: under a
    /// steady write load a wake-up per append would have it query the high-water mark after every
    /// event. A quiet log's first append is looked for at once.
    /// </summary>
    public TimeSpan WakeSpacing { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How long the daemon waits on a gap in the event sequence before it passes over it (Marten's
    /// <c>StaleSequenceThreshold</c>, 3 s by default). Every append that loses a race for its stream
    /// (a version conflict, re-decided by the command pipeline) rolls back and leaves such a gap, so
    /// at Marten's default a read-your-writes mutation that raced others waited about 3 s. Marten
    /// never passes over a gap while a transaction that could still fill it is alive (it asks
    /// PostgreSQL), so a shorter wait costs no events: the gap-safety test, with writers holding
    /// their transactions open for seconds, projects exactly the committed set at this setting.
    /// </summary>
    public TimeSpan StaleGapThreshold { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Names this node in status output.</summary>
    public string NodeName { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>Whether Marten's daemon and Es's rebuild runner run in this process (an Api node may only serve reads).</summary>
    public bool RunDaemon { get; set; } = true;

    /// <summary>Called after each live page is applied (name, events): metrics and benchmarks hook in here.</summary>
    public Action<string, IReadOnlyList<ProjectedEvent>>? PageApplied { get; set; }

    internal void Validate()
    {
        if (Schema is not null) SqlName.Check(Schema, "projection schema");
        if (BatchSize is < 1 or > 100_000) throw new ArgumentException("Projections BatchSize must be 1..100000.");
        if (PollInterval <= TimeSpan.Zero || RetryDelay < TimeSpan.Zero || TakeoverInterval < TimeSpan.FromMilliseconds(50)
            || FastPolling < TimeSpan.FromMilliseconds(1) || SlowPolling < FastPolling || StaleGapThreshold < TimeSpan.FromMilliseconds(50)
            || WakeSpacing < TimeSpan.Zero || WakeSpacing > FastPolling)
            throw new ArgumentException("Projection intervals must be positive.");
    }
}
