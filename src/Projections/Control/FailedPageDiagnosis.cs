using Es.EventStore;
using Es.Projections.Marten;
using Es.Projections.Rebuilds;

namespace Es.Projections.Control;

/// <summary>
/// Finds the event whose statements PostgreSQL refuses, when a page failed at commit rather than in
/// the projection's own code (a type mismatch, a violated constraint, a division by zero). Marten
/// then pauses the shard without Es knowing which event it was; started again, the shard would fail
/// on the same page for ever while the projection looked "running". This replays the page after the
/// shard's checkpoint one event at a time, running each event's statements in one transaction that
/// is always rolled back, and returns the first event PostgreSQL refuses, with its error. None
/// refused: the failure was not the page's (a dropped connection, a restart), and the shard may
/// simply run again.
/// </summary>
internal static class FailedPageDiagnosis
{
    public static async Task<(RecordedEvent Event, Exception Error)?> FindAsync(ProjectionCatalog catalog, Projection projection, CancellationToken ct)
    {
        var position = await catalog.DaemonPositionAsync(null, projection.Name, ct);
        var head = await catalog.HighWaterMarkAsync(ct) ?? long.MaxValue;
        var reader = new LogPageReader(catalog.Store.Store, catalog.Types, catalog.EventSchema);
        await using var connection = await catalog.DataSource.OpenConnectionAsync(ct);
        var page = await reader.ReadAsync(connection, null, catalog.StoredNames(projection), position, head, catalog.Options.BatchSize, ct);
        var skipped = await catalog.SkippedIdsAsync(projection.Name, ct);
        page.RemoveAll(e => skipped.Contains(e.EventId));
        var projected = EsMartenProjection.Keyed(projection, page);
        string Table(string logical) => catalog.WriterView(logical, projection.Version);

        // Never committed: disposing it rolls back whatever the replay wrote.
        await using var tx = await connection.BeginTransactionAsync(ct);
        {
            foreach (var pe in projected)
            {
                var staged = new StagedStatements();
                try
                {
                    await projection.ApplyAsync(new ProjectionBatch([pe], Table, staged), ct);
                    if (staged.Statements.Count == 0) continue;
                    await using var batch = new Npgsql.NpgsqlBatch(connection, tx);
                    foreach (var (sql, parameters) in staged.Statements) batch.BatchCommands.Add(RebuildRunner.Positional(sql, parameters));
                    await batch.ExecuteNonQueryAsync(ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && ex is not Npgsql.NpgsqlException { IsTransient: true })
                {
                    return (pe.Event, ex);
                }
            }
            return null;
        }
    }
}
