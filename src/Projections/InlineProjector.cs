using Es.EventStore;
using Es.Projections.Daemon;
using Npgsql;

namespace Es.Projections;

/// <summary>
/// Appends and applies the inline projections in the append's own transaction, so a caller
/// that has its append result can read its own write from the read model. Appends made any
/// other way still reach inline projections' rebuilds (through the log) but not their current
/// build: route every append of the event types they handle through here.
/// </summary>
public sealed class InlineProjector(ProjectionCatalog catalog)
{
    // Inline appends hold this shared; the swap of a new inline build holds it exclusively, so no
    // append writes the old build after the new one has drained the log.
    internal const string LockInlineShared = "SELECT pg_advisory_xact_lock_shared(hashtext('es-projection-inline:' || $1))";
    internal const string LockInlineExclusive = "SELECT pg_advisory_xact_lock(hashtext('es-projection-inline:' || $1))";

    private const string CurrentGenerations = """
        SELECT name, generation, version FROM {schema}.projection_generations WHERE is_current AND name = ANY ($1)
        """;

    private readonly Projection[] _inline = catalog.Registry.All.Where(p => p.Mode == ProjectionMode.Inline).ToArray();

    // Only the inline projections that handle one of the appended types take part (and take the lock).
    private Projection[] InvolvedProjections(IReadOnlyList<EventData> events)
    {
        if (_inline.Length == 0 || events is null) return [];
        var clrTypes = events.Where(e => e?.Data is not null).Select(e => e.Data.GetType()).ToHashSet();
        var names = catalog.Store.Types.All.Where(t => clrTypes.Contains(t.ClrType)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return _inline.Where(p => p.EventTypes.Overlaps(names)).ToArray();
    }

    internal static string InlineLockName(string schema, string name) => $"{schema}:{name}";

    public async Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events,
        EventMetadata? metadata = null, CancellationToken ct = default)
    {
        var store = catalog.Store;
        var involved = InvolvedProjections(events);
        await using var connection = await catalog.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var p in involved)
            await ProjectionCatalog.ExecuteAsync(tx, LockInlineShared, ct, ProjectionCatalog.Text(InlineLockName(catalog.Schema, p.Name)));

        var result = await store.AppendAsync(tx, streamId, expected, events, metadata, ct);
        if (result.AlreadyStored || involved.Length == 0)
        {
            await tx.CommitAsync(ct);
            if (!result.AlreadyStored) store.NotifyAppended();
            return result;
        }

        var recorded = await store.ReadEventsAsync(result.Positions, tx, ct);
        var current = new Dictionary<string, (int Generation, int Version)>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(CurrentGenerations.Replace("{schema}", catalog.Schema), connection, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = involved.Select(p => p.Name).ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) current[r.GetString(0)] = (r.GetInt32(1), r.GetInt32(2));
        }
        foreach (var p in involved)
        {
            // Another version is current (a rolling upgrade): this program cannot write it; the
            // new version's build gets these events from the log and is swapped in when caught up.
            if (!current.TryGetValue(p.Name, out var build) || build.Version != p.Version) continue;
            var handled = recorded.Where(e => p.EventTypes.Contains(e.EventType)).ToList();
            if (handled.Count == 0) continue;
            var projected = ProjectionAgent.Project(p, 0, handled);
            if (projected.Count == 0) continue;
            await p.ApplyAsync(new ProjectionBatch(tx, projected, catalog.Tables(p, build.Generation), build.Generation, 0), ct);
            await using var sources = new NpgsqlBatch(connection, tx) { BatchCommands = { ProjectionAgent.SourcesCommand(catalog.SourcesTable(p.Name, build.Generation), projected) } };
            await sources.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        store.NotifyAppended();
        return result;
    }
}
