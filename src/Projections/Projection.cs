using Es.EventStore;
using Npgsql;

namespace Es.Projections;

/// <summary>
/// A read model folded from the global log. A projection declares what it is (name, version,
/// the event types it handles, its tables), which read-model rows each event touches (its key
/// mapping), and how it applies a batch of events inside the transaction the engine gives it.
/// The engine writes the checkpoint in that same transaction: a batch is applied whole or not at all.
/// </summary>
/// <remarks>
/// Like Marten's multi-stream projections, the key mapping is declared apart from the apply
/// step: the engine records which events touched which key (so <c>explain</c> can answer
/// "which events made row K") and can split the work by key over shards.
/// </remarks>
public abstract class Projection
{
    /// <summary>Stable name, lower-case letters, digits and '_'. Operators and the CLI use it.</summary>
    public abstract string Name { get; }

    /// <summary>Bump it when the projection's logic or tables change: the engine then builds the new version beside the old one and swaps.</summary>
    public virtual int Version => 1;

    /// <summary>The event type names (as registered in the event store) this projection handles; others are passed over.</summary>
    public abstract IReadOnlySet<string> EventTypes { get; }

    /// <summary>Async (the daemon follows the log) or inline (applied in the append's own transaction).</summary>
    public virtual ProjectionMode Mode => ProjectionMode.Async;

    /// <summary>How many shards split the keys; each shard has its own checkpoint and its own owner node.</summary>
    public virtual int Shards => 1;

    /// <summary>The read-model tables. Readers query them by their logical names (views onto the current build).</summary>
    public abstract IReadOnlyList<ReadModelTable> Tables { get; }

    /// <summary>The keys of the read-model rows this event touches. An event with no keys touches nothing and is not applied.</summary>
    public abstract IEnumerable<string> KeysOf(RecordedEvent e);

    /// <summary>
    /// Applies the batch to the tables named by <see cref="ProjectionBatch.Table"/>, through
    /// <see cref="ProjectionBatch.Transaction"/>. It must touch only the rows of each event's
    /// <see cref="ProjectedEvent.Keys"/>. Throwing rolls the batch back; an event that keeps
    /// failing pauses this projection (state failed) until an operator retries or skips it.
    /// </summary>
    public abstract Task ApplyAsync(ProjectionBatch batch, CancellationToken ct);
}

public enum ProjectionMode
{
    /// <summary>Followed by the daemon, in batches, from its checkpoint.</summary>
    Async,

    /// <summary>Applied in the append's transaction by <see cref="InlineProjector"/> (read-your-writes); rebuilt by the daemon.</summary>
    Inline,
}

/// <summary>
/// A read-model table: its logical name and its column definitions. The engine creates it as
/// <c>{name}_g{generation}</c> and serves it through the view <c>{name}</c>.
/// </summary>
/// <param name="Name">Logical name, lower-case letters, digits and '_'.</param>
/// <param name="Columns">What goes between the parentheses of CREATE TABLE, e.g. <c>key text PRIMARY KEY, n bigint NOT NULL</c>.</param>
/// <param name="Indexes">Further DDL run after the CREATE TABLE; <c>{table}</c> stands for the physical table.</param>
public sealed record ReadModelTable(string Name, string Columns, params string[] Indexes);

/// <summary>An event with the keys (of this shard) it touches.</summary>
public sealed record ProjectedEvent(RecordedEvent Event, IReadOnlyList<string> Keys);

/// <summary>What a projection applies: events in log order, and the transaction to apply them in.</summary>
public sealed class ProjectionBatch
{
    private readonly IReadOnlyDictionary<string, string> _tables;

    internal ProjectionBatch(NpgsqlTransaction transaction, IReadOnlyList<ProjectedEvent> events,
        IReadOnlyDictionary<string, string> tables, int generation, int shard)
    {
        Transaction = transaction;
        Events = events;
        _tables = tables;
        Generation = generation;
        Shard = shard;
    }

    public NpgsqlTransaction Transaction { get; }
    public NpgsqlConnection Connection => Transaction.Connection!;
    public IReadOnlyList<ProjectedEvent> Events { get; }

    /// <summary>The build being written: each rebuild writes a new generation of the tables.</summary>
    public int Generation { get; }

    public int Shard { get; }

    /// <summary>The schema-qualified physical name of a logical table, for this build.</summary>
    public string Table(string logicalName) =>
        _tables.TryGetValue(logicalName, out var physical)
            ? physical
            : throw new ArgumentException($"The projection declares no table '{logicalName}'.", nameof(logicalName));

    /// <summary>A command on the batch's transaction.</summary>
    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);
}
