using Es.Api.Schema;
using Es.Projections;
using Es.Projections.Commerce;
using Npgsql;

namespace Es.Api.Commerce;

/// <summary>A merchant as the <c>merchants</c> read model has it; name, category and zone are null until it is registered.</summary>
public sealed record MerchantView(string Id, string? Name, string? Category, string? TimeZone, DateTimeOffset? RegisteredAt,
    DateTimeOffset? UpdatedAt, long Sales, long Orders);

/// <summary>Reads of <see cref="MerchantDirectoryProjection"/>, and the anomaly flags per merchant for a page of them.</summary>
public sealed class MerchantDirectoryReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    private const string CursorKind = "merchant";

    private readonly string _merchants = catalog.ViewName(MerchantDirectoryProjection.Merchants);
    private readonly string _flags = catalog.ViewName(AnomalyProjection.Flags);

    // By id (stable, unique): the keyset is the id itself.
    private const string Page = """
        SELECT merchant_id, name, category, time_zone, registered_at, updated_at, sales, orders FROM {merchants}
        WHERE ($1::text IS NULL OR category = $1) AND ($2::text IS NULL OR merchant_id > $2)
        ORDER BY merchant_id
        LIMIT $3
        """;

    // One index range per merchant ((merchant_id, seq) on anomaly_flags).
    private const string FlagCounts = """
        SELECT merchant_id, count(*)::int FROM {flags} WHERE merchant_id = ANY ($1) GROUP BY merchant_id
        """;

    public async Task<Connection<MerchantView>> PageAsync(string? category, PageRequest page, CancellationToken ct)
    {
        var after = page.AfterKey switch
        {
            null => null,
            [CursorKind, var id] => id,
            _ => throw ApiErrors.Validation("BAD_CURSOR", "after is not a cursor of this list.", "after"),
        };
        await using var cmd = dataSource.CreateCommand(Page.Replace("{merchants}", _merchants));
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = category, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = after, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(page.Fetch);
        var rows = new List<MerchantView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new MerchantView(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4),
                r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5), r.GetInt64(6), r.GetInt64(7)));
        return rows.ToConnection(page, m => [CursorKind, m.Id]);
    }

    /// <summary>How many anomaly flags name each merchant (0 when none), for a page of merchants in one statement.</summary>
    public async Task<IReadOnlyDictionary<string, int>> FlagCountsAsync(IReadOnlyList<string> merchantIds, CancellationToken ct)
    {
        var counts = merchantIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        await using var cmd = dataSource.CreateCommand(FlagCounts.Replace("{flags}", _flags));
        cmd.Parameters.AddWithValue(merchantIds.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) counts[r.GetString(0)] = r.GetInt32(1);
        return counts;
    }
}
