using System.Globalization;
using Es.Api.Schema;
using Es.EventStore;
using Es.Projections;
using Es.Projections.Commerce;
using Npgsql;

namespace Es.Api.Commerce;

/// <summary>One anomaly flag: its rule, why, and the sequence numbers of the events behind it.</summary>
public sealed record AnomalyFlagView(long Sequence, string Rule, string? MerchantId, DateOnly Day, DateTimeOffset At,
    string Subject, string Reason, double? Score, long[] Events);

/// <summary>How many flags of a rule a day has.</summary>
public sealed record AnomalyCountView(DateOnly Day, string Rule, int Count);

public sealed record AnomalyFilter(string? MerchantId, string? Rule, DateOnly? From, DateOnly? To);

/// <summary>Reads of the <c>anomalies</c> projection (docs/anomalies.md) and of the events behind a flag.</summary>
public sealed class AnomalyReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog, IEventStore events)
{
    /// <summary>The longest range <c>anomalyCounts</c> answers in one request.</summary>
    public const int MaxCountDays = 366;

    private const string CursorKind = "anomaly";

    private readonly string _flags = catalog.ViewName(AnomalyProjection.Flags);

    // Newest first: by the sequence of the event that raised the flag, then the rule (one event can
    // raise flags of several rules). Keyset: the row after the cursor is (seq, rule) < the cursor's.
    private const string Page = """
        SELECT seq, rule, merchant_id, day, at, subject, reason, score, events FROM {flags}
        WHERE ($1::text IS NULL OR merchant_id = $1) AND ($2::text IS NULL OR rule = $2)
          AND ($3::date IS NULL OR day >= $3) AND ($4::date IS NULL OR day <= $4)
          AND ($5::bigint IS NULL OR (seq, rule) < ($5, $6))
        ORDER BY seq DESC, rule DESC
        LIMIT $7
        """;

    private const string Counts = """
        SELECT day, rule, count(*)::int FROM {flags}
        WHERE day BETWEEN $1 AND $2 AND ($3::text IS NULL OR merchant_id = $3)
        GROUP BY day, rule ORDER BY day, rule
        """;

    public async Task<Connection<AnomalyFlagView>> PageAsync(AnomalyFilter filter, PageRequest page, CancellationToken ct)
    {
        long? afterSeq = null;
        string? afterRule = null;
        switch (page.AfterKey)
        {
            case null: break;
            case [CursorKind, var seq, var rule] when long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var s):
                (afterSeq, afterRule) = (s, rule);
                break;
            default: throw ApiErrors.Validation("BAD_CURSOR", "after is not a cursor of this list.", "after");
        }
        await using var cmd = dataSource.CreateCommand(Page.Replace("{flags}", _flags));
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = filter.MerchantId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = filter.Rule, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.From ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.To ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)afterSeq ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = afterRule ?? "", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(page.Fetch);
        var rows = new List<AnomalyFlagView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new AnomalyFlagView(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetFieldValue<DateOnly>(3),
                r.GetFieldValue<DateTimeOffset>(4), r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetDouble(7), r.GetFieldValue<long[]>(8)));
        return rows.ToConnection(page, f => [CursorKind, f.Sequence.ToString(CultureInfo.InvariantCulture), f.Rule]);
    }

    public async Task<IReadOnlyList<AnomalyCountView>> CountsAsync(DateOnly from, DateOnly to, string? merchantId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Counts.Replace("{flags}", _flags));
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = merchantId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var rows = new List<AnomalyCountView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add(new AnomalyCountView(r.GetFieldValue<DateOnly>(0), r.GetString(1), r.GetInt32(2)));
        return rows;
    }

    /// <summary>The events behind flags, for a whole page of them in one read of the log (the request's DataLoader batches the flags).</summary>
    public async Task<IReadOnlyDictionary<long, RecordedEvent>> EventsAsync(IReadOnlyList<long> sequences, CancellationToken ct) =>
        (await events.ReadEventsAsync(sequences, ct)).ToDictionary(e => e.Sequence);
}
