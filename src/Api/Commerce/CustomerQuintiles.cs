using Es.Projections;
using Es.Projections.Customers;
using Npgsql;

namespace Es.Api.Commerce;

/// <summary>
/// The quintile cut points of one currency's population (docs/commerce.md, "RFM scores"): with the
/// n accounts with a purchase sorted from the worst value up, the values at positions
/// t<sub>k</sub> = ceil(k × n / 5), k = 1…4. A score is 1 + the number of cut values strictly worse
/// than the account's own, which is 1 + floor(5 × (rank − 1) / n) with rank = 1 + the accounts
/// strictly worse: at least t<sub>k</sub> accounts are strictly worse exactly when the
/// t<sub>k</sub>-th worst value is strictly worse.
/// </summary>
/// <remarks>
/// Recency's cut points are kept as last purchase times (the t<sub>k</sub>-th earliest), not days:
/// whole days since the last purchase only grow as the last purchase gets earlier, so the
/// t<sub>k</sub>-th largest recency as of any <c>asOf</c> is the recency of the t<sub>k</sub>-th earliest
/// last purchase. The cut points therefore depend on the read model only, not on <c>asOf</c>.
/// </remarks>
public sealed record CurrencyCuts(string Currency, int Customers, DateTimeOffset[] LastPurchase, int[] Orders, decimal[] Spend);

/// <summary>
/// Cut points for every currency, computed in one statement (three sorts of the population) and kept
/// until the read model moves: the key is the current build and the daemon's position in the log,
/// read in the same snapshot as the cut points, and a page's rows and that position commit together.
/// So a read scores with the exact cut points of the rows it reads, and pays the sorts once per page
/// the projection applies, not once per query.
/// </summary>
public sealed class CustomerQuintiles(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    private readonly string _spend = catalog.ViewName(CustomerSpendProjection.Spend);
    private readonly SemaphoreSlim _computing = new(1, 1);
    private Snapshot? _cached;

    /// <summary>One state of the read model: its cut points, and what reads worked out from them for it.</summary>
    public sealed record Snapshot(long Generation, long Position, IReadOnlyDictionary<string, CurrencyCuts> Cuts)
    {
        /// <summary>Segment counts by (currency or null, asOf): they too change only with the read model or asOf.</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<(string?, DateTimeOffset), IReadOnlyDictionary<string, int>> SegmentCounts { get; } = new();
    }

    private string KeySql => $"""
        SELECT (SELECT generation FROM {catalog.Schema}.projection_builds WHERE name = '{CustomerSpendProjection.ProjectionName}' AND is_current),
               (SELECT last_seq_id FROM {catalog.EventSchema}.mt_event_progression WHERE name = '{ProjectionCatalog.ShardName(CustomerSpendProjection.ProjectionName)}')
        """;

    // t_k = ceil(k n / 5) = (k n + 4) / 5 in integers: no floating point near the boundaries.
    private string CutsSql => $"""
        {KeySql};
        SELECT currency, n,
               l[(n + 4) / 5], l[(2 * n + 4) / 5], l[(3 * n + 4) / 5], l[(4 * n + 4) / 5],
               f[(n + 4) / 5], f[(2 * n + 4) / 5], f[(3 * n + 4) / 5], f[(4 * n + 4) / 5],
               m[(n + 4) / 5], m[(2 * n + 4) / 5], m[(3 * n + 4) / 5], m[(4 * n + 4) / 5]
        FROM (SELECT currency, count(*)::int AS n, array_agg(last_at ORDER BY last_at) AS l,
                     array_agg(orders ORDER BY orders) AS f, array_agg(spend ORDER BY spend) AS m
              FROM {_spend} WHERE orders > 0 GROUP BY currency) pop
        """;

    /// <summary>The cut points of every currency with a customer, by currency.</summary>
    public async Task<IReadOnlyDictionary<string, CurrencyCuts>> CutsAsync(CancellationToken ct) => (await SnapshotAsync(ct)).Cuts;

    /// <summary>The current state's cut points (computed when the read model has moved since the last ones).</summary>
    public async Task<Snapshot> SnapshotAsync(CancellationToken ct)
    {
        var key = await KeyAsync(ct);
        if (_cached is { } hit && key is { } k && (hit.Generation, hit.Position) == k) return hit;
        await _computing.WaitAsync(ct);
        try
        {
            // Another reader may have computed them while this one waited.
            if (_cached is { } again && key is { } k2 && again.Generation == k2.Item1 && again.Position >= k2.Item2)
                return again;
            var computed = await ComputeAsync(ct);
            if (computed.Generation >= 0) _cached = computed;
            return computed;
        }
        finally
        {
            _computing.Release();
        }
    }

    /// <summary>Drops the cached cut points (the bench times a computation with it).</summary>
    public void Forget() => _cached = null;

    private async Task<(long, long)?> KeyAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(KeySql);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) && !r.IsDBNull(0) && !r.IsDBNull(1) ? (r.GetInt32(0), r.GetInt64(1)) : null;
    }

    private async Task<Snapshot> ComputeAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for the key and the cut points: REPEATABLE READ, read only.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using var cmd = new NpgsqlCommand(CutsSql, connection, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        long generation = -1, position = -1;
        if (await r.ReadAsync(ct) && !r.IsDBNull(0) && !r.IsDBNull(1)) (generation, position) = (r.GetInt32(0), r.GetInt64(1));
        await r.NextResultAsync(ct);
        var cuts = new Dictionary<string, CurrencyCuts>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct))
        {
            var currency = r.GetString(0);
            cuts[currency] = new CurrencyCuts(currency, r.GetInt32(1),
                [.. Enumerable.Range(2, 4).Select(i => r.GetFieldValue<DateTimeOffset>(i))],
                [.. Enumerable.Range(6, 4).Select(r.GetInt32)],
                [.. Enumerable.Range(10, 4).Select(r.GetDecimal)]);
        }
        await r.DisposeAsync();
        await tx.CommitAsync(ct);
        return new Snapshot(generation, position, cuts);
    }
}
