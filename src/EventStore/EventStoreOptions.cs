namespace Es.EventStore;

/// <summary>Settings of the PostgreSQL event store, bound from configuration section <c>Es:EventStore</c>.</summary>
public sealed class EventStoreOptions
{
    /// <summary>The database schema that holds the store's tables (like Marten's DatabaseSchemaName).</summary>
    public string Schema { get; set; } = "es";

    /// <summary>Largest serialized event payload accepted, in bytes. Larger events are refused before any write.</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Most events accepted in one bulk append call.</summary>
    public int MaxBulkEvents { get; set; } = 1_000_000;

    /// <summary>How often a subscriber re-reads the log when no notification arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How soon a subscriber looks again when committed events exist beyond the safe horizon
    /// (an older transaction is still open). Short, because such a hold-up usually lasts a commit.
    /// </summary>
    public TimeSpan HeldBackRetry { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Whether this process sends NOTIFY after its appends, to wake subscribers in other processes.</summary>
    public bool NotifyOtherProcesses { get; set; } = true;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Schema) || !Schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            || char.IsAsciiDigit(Schema[0]))
            throw new ArgumentException($"Event store schema name '{Schema}' must be lower-case letters, digits and '_', not starting with a digit.");
        if (MaxEventBytes <= 0) throw new ArgumentException("MaxEventBytes must be positive.");
        if (MaxBulkEvents <= 0) throw new ArgumentException("MaxBulkEvents must be positive.");
    }
}
