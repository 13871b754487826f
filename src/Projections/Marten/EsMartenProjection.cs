using Es.EventStore;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Es.Projections.Marten;

/// <summary>
/// An Es <see cref="Projection"/> as Marten runs it: the async daemon hands it each page of the
/// log (or, inline, the session hands it the events being appended), and the statements it adds
/// are committed by Marten with the daemon's checkpoint (or with the append) in one transaction.
/// What Es adds around the projection's own SQL: the shared swap lock, writes through this
/// version's writer views, the explain index, skipped events left out, and a poison event found
/// and recorded before the page fails (Marten then pauses the projection's shard).
/// </summary>
internal sealed class EsMartenProjection(Projection projection, Lazy<ProjectionCatalog> lazyCatalog) : IProjection
{
    private readonly string[] _tables = projection.Tables.Select(t => t.Name).ToArray();

    // Resolved at the first page: the catalog needs the document store this projection is part of.
    private ProjectionCatalog catalog => lazyCatalog.Value;

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var handled = new List<RecordedEvent>(events.Count);
        // Types Es does not know are passed over like any type the projection does not handle:
        // Marten's own tombstones (written over the sequence numbers of a failed append, which a
        // retried conflict makes) are in the daemon's pages too.
        foreach (var e in events)
            if (catalog.Types.TryGetByType(e.EventType, out var info) && projection.EventTypes.Contains(info.Name))
                handled.Add(RecordedEvent.From(e, catalog.Types));
        if (handled.Count == 0) return;

        if (projection.Mode == ProjectionMode.Async)
        {
            // Operators act through PostgreSQL; the page looks before it applies anything.
            var (status, skipped) = await catalog.PageControlAsync(projection.Name, ct);
            if (status != "running") throw new ProjectionStoppedException(projection.Name, status);
            if (skipped.Count > 0) handled.RemoveAll(e => skipped.Contains(e.EventId));
        }

        var projected = Keyed(projection, handled);
        if (projected.Count == 0) return;
        var staged = new StagedStatements();
        staged.Add("SELECT pg_advisory_xact_lock_shared(?)", [catalog.SwapLockKey(projection.Name)]);
        try
        {
            await projection.ApplyAsync(new ProjectionBatch(projected, WriterView, staged), ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var culprit = await FindCulpritAsync(projection, projected, WriterView, ct) ?? projected[0].Event;
            if (projection.Mode == ProjectionMode.Async) await catalog.RecordFailureAsync(projection.Name, culprit, ex, ct);
            throw new ProjectionFailedException(projection.Name, culprit, ex);
        }
        staged.Add(ExplainIndex.Insert(catalog.SourcesWriterView(projection.Name, projection.Version)), ExplainIndex.Parameters(projected));
        try
        {
            foreach (var (sql, parameters) in staged.Statements) operations.QueueSqlCommand(sql, parameters!);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Marten refuses some statements when queued (one holding ';', even in a literal). The
            // event is not told apart here: the page's first is recorded, so that the projection shows
            // failed with the error instead of stalling as "running".
            if (projection.Mode == ProjectionMode.Async) await catalog.RecordFailureAsync(projection.Name, projected[0].Event, ex, ct);
            throw new ProjectionFailedException(projection.Name, projected[0].Event, ex);
        }
        catalog.Options.PageApplied?.Invoke(projection.Name, projected);
    }

    private string WriterView(string logical) =>
        _tables.Contains(logical)
            ? catalog.WriterView(logical, projection.Version)
            : throw new ArgumentException($"The projection declares no table '{logical}'.", nameof(logical));

    /// <summary>The handled events with the keys they touch; events touching nothing are left out.</summary>
    internal static List<ProjectedEvent> Keyed(Projection projection, IReadOnlyList<RecordedEvent> handled)
    {
        var projected = new List<ProjectedEvent>(handled.Count);
        foreach (var e in handled)
        {
            var keys = projection.KeysOf(e).Distinct(StringComparer.Ordinal).ToArray();
            if (keys.Length > 0) projected.Add(new ProjectedEvent(e, keys));
        }
        return projected;
    }

    /// <summary>Applies the events one at a time, discarding the statements, to find the first one the projection cannot apply.</summary>
    internal static async Task<RecordedEvent?> FindCulpritAsync(Projection projection, IReadOnlyList<ProjectedEvent> projected,
        Func<string, string> table, CancellationToken ct)
    {
        foreach (var pe in projected)
        {
            try
            {
                await projection.ApplyAsync(new ProjectionBatch([pe], table, new StagedStatements()), ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                return pe.Event;
            }
        }
        return null;
    }
}

/// <summary>Statements held until the projection's apply step has finished without throwing.</summary>
internal sealed class StagedStatements : IStatementSink
{
    public List<(string Sql, object?[] Parameters)> Statements { get; } = [];

    public void Add(string sql, object?[] parameters) => Statements.Add((sql, parameters));
}

/// <summary>A projection stopped by an operator (paused) or on a failed event: its page is not applied.</summary>
public sealed class ProjectionStoppedException(string name, string status)
    : ProjectionException($"Projection '{name}' is {status}; its events wait until it is resumed, retried or skipped.");

/// <summary>The explain index: for each key a page touched, the sequence numbers of the events that touched it.</summary>
internal static class ExplainIndex
{
    // Grouped by key in the client and sent as slices of one array: the server neither unnests
    // nor sorts (key, position) pairs, which cost as much as reading the page did.
    public static string Insert(string sources) => $"""
        INSERT INTO {sources} (key, seqs)
        SELECT u.key, (?::bigint[])[u.first:u.last] FROM unnest(?::text[], ?::int[], ?::int[]) AS u (key, first, last)
        """;

    public static object?[] Parameters(IReadOnlyList<ProjectedEvent> projected)
    {
        var byKey = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var pairs = 0;
        foreach (var pe in projected)
            foreach (var key in pe.Keys)
            {
                if (!byKey.TryGetValue(key, out var ofKey)) byKey.Add(key, ofKey = new List<long>(1));
                ofKey.Add(pe.Event.Sequence);
                pairs++;
            }
        var keys = new string[byKey.Count];
        var firsts = new int[byKey.Count];
        var lasts = new int[byKey.Count];
        var sequences = new long[pairs];
        var k = 0;
        var filled = 0;
        foreach (var (key, ofKey) in byKey)
        {
            keys[k] = key;
            firsts[k] = filled + 1; // PostgreSQL arrays count from 1
            ofKey.CopyTo(sequences, filled);
            filled += ofKey.Count;
            lasts[k++] = filled;
        }
        return [sequences, keys, firsts, lasts];
    }
}
