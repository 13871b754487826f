namespace Es.EventStore;

/// <summary>Settings of Es's event store, bound from configuration section <c>Es:EventStore</c>.</summary>
public sealed class EventStoreOptions
{
    /// <summary>The database schema that holds Marten's event tables (Marten's DatabaseSchemaName).</summary>
    public string Schema { get; set; } = "es";

    /// <summary>Largest serialized event payload accepted, in bytes. Larger events are refused before any write.</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Most events accepted in one bulk append call.</summary>
    public int MaxBulkEvents { get; set; } = 1_000_000;

    /// <summary>Rows per COPY batch of a bulk append of new streams (Marten's BulkInsertEventsAsync batch size; packages.md measured 10,000 best).</summary>
    public int BulkBatchSize { get; set; } = 10_000;

    /// <summary>
    /// Shortest time between two NOTIFYs that tell other processes of this deployment of new events
    /// (<see cref="AppendSignal"/>): a burst of appends sends one. This process's own daemon is woken
    /// at once, whatever this says.
    /// </summary>
    public TimeSpan NotifyInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Schema) || !Schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            || char.IsAsciiDigit(Schema[0]))
            throw new ArgumentException($"Event store schema name '{Schema}' must be lower-case letters, digits and '_', not starting with a digit.");
        if (MaxEventBytes <= 0) throw new ArgumentException("MaxEventBytes must be positive.");
        if (MaxBulkEvents <= 0) throw new ArgumentException("MaxBulkEvents must be positive.");
        if (BulkBatchSize <= 0) throw new ArgumentException("BulkBatchSize must be positive.");
        if (NotifyInterval <= TimeSpan.Zero) throw new ArgumentException("NotifyInterval must be positive.");
    }
}
