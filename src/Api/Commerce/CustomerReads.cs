using System.Globalization;
using Es.Api.Schema;
using Es.Projections;
using Es.Projections.Customers;
using Npgsql;
using NpgsqlTypes;

namespace Es.Api.Commerce;

/// <summary>One customer's figures in one currency, with RFM, segment and lifetime value when they have a purchase.</summary>
public sealed record CustomerSpendView(
    string Customer, string Currency, decimal Spend, int Orders, int Cancelled, decimal Refunded, decimal Returned,
    DateTimeOffset? FirstPurchaseAt, DateTimeOffset? LastPurchaseAt, CustomerRfm? Rfm)
{
    public decimal? AverageOrderValue => Orders > 0 ? Spend / Orders : null;
}

/// <summary>Scores as of <see cref="AsOf"/> among the customers of the same currency.</summary>
public sealed record CustomerRfm(DateTimeOffset AsOf, int RecencyDays, int R, int F, int M, string Segment, double LifetimeValue)
{
    public string Code => $"{R}{F}{M}";
}

public sealed record SegmentCount(string Segment, int Count, double Share);

/// <summary>One sale, order or return of a customer, with what it counts for now.</summary>
public sealed record PurchaseView(Guid Id, string Kind, string Merchant, DateTimeOffset At, string Currency, decimal Amount, decimal Refunded, bool Cancelled)
{
    /// <summary>What it adds to the customer's spend: nothing when cancelled, minus the amount for a return.</summary>
    public decimal Net => Kind == CustomerSpendProjection.KindReturn ? -Amount : Cancelled ? 0 : Amount - Refunded;
}

/// <summary>
/// Reads of the customer_spend read model. RFM scores are quintiles of the current population of the
/// currency (docs/commerce.md, "Customer spend"): score = 1 + floor(5 × (rank − 1) / n), rank counted
/// from the worst value with equal values sharing the lowest rank, n the customers of that currency
/// with at least one purchase. A read does not rank the population: it scores the rows it returns
/// against the population's cut points (<see cref="CustomerQuintiles"/>, computed once per state of
/// the read model), so top 100 and a profile read their own rows by index.
/// </summary>
public sealed class CustomerReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog, CustomerQuintiles quintiles)
{
    private readonly string _spend = catalog.ViewName(CustomerSpendProjection.Spend);
    private readonly string _purchases = catalog.ViewName(CustomerSpendProjection.Purchases);

    private const string Columns = "customer, currency, spend, orders, cancelled, refunded, returned, first_at, last_at";

    /// <summary>Parameters $1 asOf, $2 currency or null, $3–$15 the cut points; a query's own from $16.</summary>
    private const int FirstOwnParameter = 16;

    // `rows`: the accounts to score (columns of Columns). Recency in whole days before asOf; each score is
    // 1 + the cut values strictly worse than the account's own. For recency, a cut of c days is worse
    // than one's own d days when d < c, i.e. when last_at > asOf − c days (bₖ, worked out in ScopeAsync):
    // a comparison of timestamps per row instead of numeric day arithmetic.
    // `ranked` is materialized for reads that filter or sort on the segment: inlined, the segment's CASE
    // would recompute every score once per WHEN (11 segments, 2 bounds each). Segment counts group by
    // (currency, r, f, m) first and name the at most 125 groups per currency, so they leave it inlined.
    private static string ScoredSql(string rows, bool materialized = true) => $"""
        WITH cuts AS (
            SELECT * FROM unnest($3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[],
                                 $8::int[], $9::int[], $10::int[], $11::int[], $12::numeric[], $13::numeric[], $14::numeric[], $15::numeric[])
                          AS c(currency, b1, b2, b3, b4, f1, f2, f3, f4, m1, m2, m3, m4)),
        pop AS ({rows}),
        ranked AS {(materialized ? "MATERIALIZED " : "")}(
            SELECT p.*, d.recency_days,
                   1 + (p.last_at > c.b1)::int + (p.last_at > c.b2)::int + (p.last_at > c.b3)::int + (p.last_at > c.b4)::int AS r,
                   1 + (c.f1 < p.orders)::int + (c.f2 < p.orders)::int + (c.f3 < p.orders)::int + (c.f4 < p.orders)::int AS f,
                   1 + (c.m1 < p.spend)::int + (c.m2 < p.spend)::int + (c.m3 < p.spend)::int + (c.m4 < p.spend)::int AS m
            FROM pop p
            CROSS JOIN LATERAL (SELECT floor(extract(epoch FROM ($1::timestamptz - p.last_at)) / 86400)::int AS recency_days) d
            LEFT JOIN cuts c ON c.currency = p.currency AND p.orders > 0),
        scored AS (SELECT ranked.*, {CustomerScoring.SegmentSql("r", "((f + m + 1) / 2)")} AS segment FROM ranked)
        """;

    private const string Selected = $"{Columns}, recency_days, r, f, m, segment";

    private string Population => $"SELECT {Columns} FROM {_spend} WHERE orders > 0 AND ($2::text IS NULL OR currency = $2)";

    private string LatestSql => $"SELECT max(last_at) FROM {_spend}";

    /// <summary>The latest purchase in the data: "now" when the caller names none. Null when there is none.</summary>
    public async Task<DateTimeOffset?> LatestPurchaseAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(LatestSql);
        return await cmd.ExecuteScalarAsync(ct) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    /// <summary>The currency with the most customers (ties: alphabetical): top customers' default.</summary>
    public async Task<string?> MainCurrencyAsync(CancellationToken ct) =>
        (await quintiles.CutsAsync(ct)).Values.OrderByDescending(c => c.Customers).ThenBy(c => c.Currency, StringComparer.Ordinal)
            .FirstOrDefault()?.Currency;

    public async Task<IReadOnlyList<CustomerSpendView>> TopAsync(string currency, DateTimeOffset asOf, int first, CancellationToken ct)
    {
        // The (currency, spend DESC, customer) index gives the page; only its rows are scored.
        await using var cmd = await ScopeAsync(ScoredSql($"""
            SELECT {Columns} FROM {_spend} WHERE currency = $2 AND orders > 0 ORDER BY spend DESC, customer LIMIT $16
            """) + $"SELECT {Selected} FROM scored ORDER BY spend DESC, customer", asOf, currency, ct);
        cmd.Parameters.AddWithValue(first);
        return await ReadScoredAsync(cmd, asOf, ct);
    }

    /// <summary>How many customers fall in each segment (every segment, 0 included, in the table's order).</summary>
    public async Task<IReadOnlyList<SegmentCount>> SegmentsAsync(string? currency, DateTimeOffset? asOf, CancellationToken ct)
    {
        IReadOnlyDictionary<string, int> counts = new Dictionary<string, int>();
        if (asOf is { } at)
        {
            // One pass over the population per state of the read model and asOf; kept with that state's cut points.
            var snapshot = await quintiles.SnapshotAsync(ct);
            if (!snapshot.SegmentCounts.TryGetValue((currency, at), out var known))
            {
                var counted = new Dictionary<string, int>();
                await using var cmd = Scope(snapshot, ScoredSql(Population, materialized: false) + $"""
                    SELECT {CustomerScoring.SegmentSql("r", "((f + m + 1) / 2)")}, sum(n)::int
                    FROM (SELECT r, f, m, count(*) AS n FROM ranked GROUP BY currency, r, f, m) cells GROUP BY 1
                    """, at, currency);
                await using (var r = await cmd.ExecuteReaderAsync(ct))
                    while (await r.ReadAsync(ct)) counted[r.GetString(0)] = r.GetInt32(1);
                if (snapshot.SegmentCounts.Count < MaxKeptSegmentCounts) snapshot.SegmentCounts.TryAdd((currency, at), counted);
                known = counted;
            }
            counts = known;
        }
        var total = counts.Values.Sum();
        return CustomerScoring.Segments.Select(s => new SegmentCount(s.Name, counts.GetValueOrDefault(s.Name),
            total == 0 ? 0 : (double)counts.GetValueOrDefault(s.Name) / total)).ToList();
    }

    /// <summary>Bounds what one state keeps when callers ask for many different asOf.</summary>
    private const int MaxKeptSegmentCounts = 256;

    /// <summary>A segment's customers, highest spend first (then token, then currency), a keyset page.</summary>
    public async Task<Connection<CustomerSpendView>> InSegmentAsync(string segment, string? currency, DateTimeOffset? asOf, PageRequest page, CancellationToken ct)
    {
        if (asOf is not { } at) return Array.Empty<CustomerSpendView>().ToConnection(page, KeyOf);
        var after = "";
        decimal afterSpend = 0;
        if (page.AfterKey is [var spend, _, _])
        {
            if (!decimal.TryParse(spend, NumberStyles.Number, CultureInfo.InvariantCulture, out afterSpend))
                throw ApiErrors.Validation("BAD_CURSOR", "after is not a cursor of this list.", "after");
            after = "AND (spend < $18 OR (spend = $18 AND (customer, currency) > ($19, $20)))";
        }
        else if (page.AfterKey is not null) throw ApiErrors.Validation("BAD_CURSOR", "after is not a cursor of this list.", "after");
        await using var cmd = await ScopeAsync(ScoredSql($"{Population} {after}")
            + $"SELECT {Selected} FROM scored WHERE segment = $16 ORDER BY spend DESC, customer, currency LIMIT $17", at, currency, ct);
        cmd.Parameters.AddWithValue(segment);
        cmd.Parameters.AddWithValue(page.Fetch);
        if (page.AfterKey is [_, var customer, var cur])
        {
            cmd.Parameters.AddWithValue(afterSpend);
            cmd.Parameters.AddWithValue(customer);
            cmd.Parameters.AddWithValue(cur);
        }
        return (await ReadScoredAsync(cmd, at, ct)).ToConnection(page, KeyOf);
    }

    private static string[] KeyOf(CustomerSpendView v) => [v.Spend.ToString(CultureInfo.InvariantCulture), v.Customer, v.Currency];

    /// <summary>Every currency account of a customer (scored where they have a purchase); empty when the token is unknown.</summary>
    public async Task<IReadOnlyList<CustomerSpendView>> CustomerAsync(string token, DateTimeOffset? asOf, CancellationToken ct)
    {
        // By the primary key; without any purchase in the data (asOf null) nothing is scored.
        await using var cmd = await ScopeAsync(ScoredSql($"SELECT {Columns} FROM {_spend} WHERE customer = $16")
            + $"SELECT {Selected} FROM scored ORDER BY currency", asOf, null, ct);
        cmd.Parameters.AddWithValue(token);
        return await ReadScoredAsync(cmd, asOf ?? default, ct);
    }

    /// <summary>A customer's purchases and returns, latest first (then by id), a keyset page.</summary>
    public async Task<Connection<PurchaseView>> HistoryAsync(string token, string? currency, PageRequest page, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        cmd.Parameters.AddWithValue(token);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)currency ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var after = page.AfterTimeAndId(cmd, "at", "purchase_id", descending: true);
        cmd.Parameters.AddWithValue(page.Fetch);
        cmd.CommandText = $"""
            SELECT purchase_id, kind, merchant, at, currency, amount, refunded, cancelled FROM {_purchases}
            WHERE customer = $1 AND ($2::text IS NULL OR currency = $2) {(after is null ? "" : "AND " + after)}
            ORDER BY at DESC, purchase_id DESC LIMIT ${cmd.Parameters.Count}
            """;
        var rows = new List<PurchaseView>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                rows.Add(new PurchaseView(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4),
                    r.GetDecimal(5), r.GetDecimal(6), r.GetBoolean(7)));
        return rows.ToConnection(page, p => [Cursors.Time(p.At), p.Id.ToString()]);
    }

    /// <summary>
    /// A command with $1 asOf, $2 currency and $3–$15 the cut points of every currency; recency's as
    /// bₖ = asOf − cₖ days, cₖ = floor((asOf − Lₖ) / 1 day) the whole days of the cut's last purchase Lₖ,
    /// in microseconds as PostgreSQL keeps them.
    /// </summary>
    private async Task<NpgsqlCommand> ScopeAsync(string sql, DateTimeOffset? asOf, string? currency, CancellationToken ct) =>
        Scope(await quintiles.SnapshotAsync(ct), sql, asOf, currency);

    private NpgsqlCommand Scope(CustomerQuintiles.Snapshot snapshot, string sql, DateTimeOffset? asOf, string? currency)
    {
        var cuts = snapshot.Cuts.Values.ToArray();
        var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = asOf is { } at ? at.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)currency ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.AddWithValue(cuts.Select(c => c.Currency).ToArray());
        for (var k = 0; k < 4; k++)
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
                Value = cuts.Select(c => asOf is { } at ? RecencyBoundary(at, c.LastPurchase[k]) : (object)DBNull.Value).ToArray() });
        for (var k = 0; k < 4; k++) cmd.Parameters.AddWithValue(cuts.Select(c => c.Orders[k]).ToArray());
        for (var k = 0; k < 4; k++) cmd.Parameters.AddWithValue(cuts.Select(c => c.Spend[k]).ToArray());
        System.Diagnostics.Debug.Assert(cmd.Parameters.Count == FirstOwnParameter - 1);
        return cmd;
    }

    private const long MicrosecondsPerDay = 86_400_000_000;

    /// <summary>asOf − c days, c the whole days from <paramref name="cut"/> to asOf, both in PostgreSQL's microseconds.</summary>
    private static DateTimeOffset RecencyBoundary(DateTimeOffset asOf, DateTimeOffset cut)
    {
        var at = asOf.UtcTicks / 10; // Npgsql sends ticks / 10, dropping the rest
        var diff = at - cut.UtcTicks / 10;
        var days = diff >= 0 ? diff / MicrosecondsPerDay : -((-diff + MicrosecondsPerDay - 1) / MicrosecondsPerDay); // floor
        return new DateTimeOffset((at - days * MicrosecondsPerDay) * 10, TimeSpan.Zero);
    }

    private static CustomerSpendView ReadPlain(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetDecimal(2), r.GetInt32(3), r.GetInt32(4), r.GetDecimal(5), r.GetDecimal(6),
        r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8), null);

    private static async Task<IReadOnlyList<CustomerSpendView>> ReadScoredAsync(NpgsqlCommand cmd, DateTimeOffset asOf, CancellationToken ct)
    {
        var rows = new List<CustomerSpendView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var plain = ReadPlain(r);
            // Only accounts with a purchase are in the population (and have a segment).
            if (plain.Orders <= 0 || r.IsDBNull(13)) { rows.Add(plain); continue; }
            var ltv = CustomerScoring.LifetimeValue(plain.Spend, plain.Orders, plain.FirstPurchaseAt!.Value, asOf);
            rows.Add(plain with { Rfm = new CustomerRfm(asOf, r.GetInt32(9), r.GetInt32(10), r.GetInt32(11), r.GetInt32(12), r.GetString(13), ltv) });
        }
        return rows;
    }
}
