namespace Es.Projections;

/// <summary>
/// Read-your-writes over asynchronous projections: waits until the daemon has applied the log up
/// to a position (the sequence of an event just appended) in every async projection asked for.
/// Inline projections are applied in the append's own transaction, so they never need the wait.
/// </summary>
public sealed class ProjectionPositions(ProjectionCatalog catalog)
{
    private const string Positions = "SELECT count(*), coalesce(min(last_seq_id), 0) FROM {es}.mt_event_progression WHERE name = ANY ($1)";

    private const string Head = "SELECT coalesce(max(seq_id), 0) FROM {es}.mt_events";

    private readonly string _positions = Positions.Replace("{es}", catalog.EventSchema);
    private readonly string _head = Head.Replace("{es}", catalog.EventSchema);

    private string[] AsyncShards(IReadOnlyCollection<string> names) => names
        .Where(n => catalog.Registry.TryGet(n, out var p) && p.Mode == ProjectionMode.Async)
        .Select(ProjectionCatalog.ShardName).Distinct().ToArray();

    /// <summary>How often the daemon's checkpoints are read while waiting.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The log position every named async projection has applied (the smallest of their checkpoints;
    /// 0 while one has none yet). Inline projections are always there, so they do not count.
    /// </summary>
    public async Task<long> AppliedAsync(IReadOnlyCollection<string> names, CancellationToken ct = default)
    {
        var shards = AsyncShards(names);
        if (shards.Length == 0)
        {
            await using var head = catalog.DataSource.CreateCommand(_head);
            return (long)(await head.ExecuteScalarAsync(ct))!;
        }
        await using var cmd = catalog.DataSource.CreateCommand(_positions);
        cmd.Parameters.AddWithValue(shards);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(0) == shards.Length ? reader.GetInt64(1) : 0;
    }

    /// <summary>
    /// True once each named async projection's checkpoint has reached <paramref name="sequence"/>;
    /// false when <paramref name="timeout"/> passes first (a projection paused, failed or far behind).
    /// </summary>
    public async Task<bool> WaitForAsync(IReadOnlyCollection<string> names, long sequence, TimeSpan timeout, CancellationToken ct = default)
    {
        var shards = AsyncShards(names);
        if (shards.Length == 0 || sequence <= 0) return true;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var cmd = catalog.DataSource.CreateCommand(_positions))
            {
                cmd.Parameters.AddWithValue(shards);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                if (reader.GetInt64(0) == shards.Length && reader.GetInt64(1) >= sequence) return true;
            }
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(PollInterval, ct);
        }
    }
}
