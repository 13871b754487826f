using Es.EventStore;

namespace Es.Projections;

/// <summary>
/// A read model folded from the event log. A projection declares what it is (name, version, the
/// event types it handles, its tables), which read-model rows each event touches (its key
/// mapping), and the SQL that applies a page of events. Marten's async daemon (or, inline, the
/// append's own session) runs it and commits its statements with the checkpoint in one
/// transaction; Es's rebuild runner runs the same code into a new build's tables.
/// </summary>
/// <remarks>
/// A projection handles a whole page at once and writes with batched statements: packages.md
/// measured a per-event document upsert at a tenth of what a page-level projection reaches. The
/// key mapping is declared apart from the apply step so Es can record which events touched which
/// row (<c>explain</c>).
/// </remarks>
public abstract class Projection
{
    /// <summary>Stable name, lower-case letters, digits and '_'. Operators, the CLI and Marten's daemon use it.</summary>
    public abstract string Name { get; }

    /// <summary>Bump it when the projection's logic or tables change: Es then builds the new version beside the old one and swaps.</summary>
    public virtual int Version => 1;

    /// <summary>The event type names (as registered in the event store) this projection handles; others are passed over.</summary>
    public abstract IReadOnlySet<string> EventTypes { get; }

    /// <summary>Async (Marten's daemon follows the log) or inline (applied in the append's own transaction).</summary>
    public virtual ProjectionMode Mode => ProjectionMode.Async;

    /// <summary>The read-model tables. Readers query them by their logical names (views onto the current build).</summary>
    public abstract IReadOnlyList<ReadModelTable> Tables { get; }

    /// <summary>The keys of the read-model rows this event touches. An event with no keys touches nothing and is not applied.</summary>
    public abstract IEnumerable<string> KeysOf(RecordedEvent e);

    /// <summary>
    /// Adds the statements that apply the page to the tables named by <see cref="ProjectionBatch.Table"/>.
    /// Statements run in order when the page commits, with the checkpoint; they must touch only the
    /// rows of each event's <see cref="ProjectedEvent.Keys"/>. Throwing fails the page; an event that
    /// makes it throw pauses this projection (state failed) until an operator retries or skips it.
    /// </summary>
    public abstract Task ApplyAsync(ProjectionBatch batch, CancellationToken ct);
}

public enum ProjectionMode
{
    /// <summary>Followed by Marten's async daemon, a page at a time, from its checkpoint.</summary>
    Async,

    /// <summary>Applied by Marten in the append's session (read-your-writes); rebuilt by Es's rebuild runner.</summary>
    Inline,
}

/// <summary>
/// A read-model table: its logical name and its column definitions. Es creates it as
/// <c>{name}_g{generation}</c>, serves it through the view <c>{name}</c> and writes it through
/// the view <c>{name}_w{version}</c>.
/// </summary>
/// <param name="Name">Logical name, lower-case letters, digits and '_'.</param>
/// <param name="Columns">What goes between the parentheses of CREATE TABLE, e.g. <c>key text PRIMARY KEY, n bigint NOT NULL</c>.</param>
/// <param name="Indexes">Further DDL run after the CREATE TABLE; <c>{table}</c> stands for the physical table.</param>
public sealed record ReadModelTable(string Name, string Columns, params string[] Indexes);

/// <summary>An event with the keys it touches.</summary>
public sealed record ProjectedEvent(RecordedEvent Event, IReadOnlyList<string> Keys);

/// <summary>Where a page's statements go: Marten's unit of work, or the rebuild runner's batch.</summary>
internal interface IStatementSink
{
    void Add(string sql, object?[] parameters);
}

/// <summary>What a projection applies: events in log order, the tables to write, and where its statements go.</summary>
public sealed class ProjectionBatch
{
    private readonly Func<string, string> _table;
    private readonly IStatementSink _sink;

    internal ProjectionBatch(IReadOnlyList<ProjectedEvent> events, Func<string, string> table, IStatementSink sink)
    {
        Events = events;
        _table = table;
        _sink = sink;
    }

    public IReadOnlyList<ProjectedEvent> Events { get; }

    /// <summary>The schema-qualified name to write a logical table through, for this page.</summary>
    public string Table(string logicalName) => _table(logicalName);

    /// <summary>
    /// Adds one SQL statement, with <c>?</c> for each parameter (Marten's placeholder). Arrays
    /// (<c>string[]</c>, <c>long[]</c>, ...) go as PostgreSQL arrays, for <c>unnest</c>.
    /// </summary>
    /// <remarks>
    /// A <see cref="DateTimeOffset"/> is written as the same instant in UTC: events carry the offset
    /// their source gave (a member's +09:00, a merchant's local time), and Npgsql writes only UTC
    /// into <c>timestamptz</c>, so an offset would otherwise fail the page and stall the projection.
    /// </remarks>
    public void Execute(string sql, params object?[] parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        for (var i = 0; i < parameters.Length; i++)
            if (parameters[i] is DateTimeOffset { Offset.Ticks: not 0 } local) parameters[i] = local.ToUniversalTime();
        _sink.Add(sql, parameters);
    }
}
