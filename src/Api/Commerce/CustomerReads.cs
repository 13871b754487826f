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
/// currency, computed here in one statement (docs/commerce.md, "Customer spend"): a customer's score is
/// 1 + floor(5 × (rank − 1) / n) where rank is PostgreSQL's rank() from worst to best (so equal
/// values share the rank, and the score, of the first of them) and n the customers of that currency
/// with at least one purchase.
/// </summary>
public sealed class CustomerReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    private readonly string _spend = catalog.ViewName(CustomerSpendProjection.Spend);
    private readonly string _purchases = catalog.ViewName(CustomerSpendProjection.Purchases);

    private const string Columns = "customer, currency, spend, orders, cancelled, refunded, returned, first_at, last_at";

    // $1 asOf, $2 currency or null. Recency in whole days before asOf; rank() from the worst value up.
    private string ScoredSql => $"""
        WITH pop AS (
            SELECT {Columns}, floor(extract(epoch FROM ($1::timestamptz - last_at)) / 86400)::int AS recency_days
            FROM {_spend} WHERE orders > 0 AND ($2::text IS NULL OR currency = $2)),
        ranked AS (
            SELECT pop.*,
                   1 + (5 * (rank() OVER (PARTITION BY currency ORDER BY recency_days DESC) - 1)) / count(*) OVER (PARTITION BY currency) AS r,
                   1 + (5 * (rank() OVER (PARTITION BY currency ORDER BY orders) - 1)) / count(*) OVER (PARTITION BY currency) AS f,
                   1 + (5 * (rank() OVER (PARTITION BY currency ORDER BY spend) - 1)) / count(*) OVER (PARTITION BY currency) AS m
            FROM pop),
        scored AS (SELECT ranked.*, {CustomerScoring.SegmentSql("r", "((f + m + 1) / 2)")} AS segment FROM ranked)
        """;

    private const string Selected = $"{Columns}, recency_days, r::int, f::int, m::int, segment";

    private string LatestSql => $"SELECT max(last_at) FROM {_spend}";

    /// <summary>The latest purchase in the data: "now" when the caller names none. Null when there is none.</summary>
    public async Task<DateTimeOffset?> LatestPurchaseAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(LatestSql);
        return await cmd.ExecuteScalarAsync(ct) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    /// <summary>The currency with the most customers (ties: alphabetical): top customers' default.</summary>
    public async Task<string?> MainCurrencyAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT currency FROM {_spend} WHERE orders > 0 GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1");
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    public async Task<IReadOnlyList<CustomerSpendView>> TopAsync(string currency, DateTimeOffset asOf, int first, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"{ScoredSql} SELECT {Selected} FROM scored ORDER BY spend DESC, customer LIMIT $3");
        Scope(cmd, asOf, currency);
        cmd.Parameters.AddWithValue(first);
        return await ReadScoredAsync(cmd, asOf, ct);
    }

    /// <summary>How many customers fall in each segment (every segment, 0 included, in the table's order).</summary>
    public async Task<IReadOnlyList<SegmentCount>> SegmentsAsync(string? currency, DateTimeOffset? asOf, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>();
        if (asOf is { } at)
        {
            await using var cmd = dataSource.CreateCommand($"{ScoredSql} SELECT segment, count(*)::int FROM scored GROUP BY segment");
            Scope(cmd, at, currency);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) counts[r.GetString(0)] = r.GetInt32(1);
        }
        var total = counts.Values.Sum();
        return CustomerScoring.Segments.Select(s => new SegmentCount(s.Name, counts.GetValueOrDefault(s.Name),
            total == 0 ? 0 : (double)counts.GetValueOrDefault(s.Name) / total)).ToList();
    }

    /// <summary>A segment's customers, highest spend first (then token, then currency), a keyset page.</summary>
    public async Task<Connection<CustomerSpendView>> InSegmentAsync(string segment, string? currency, DateTimeOffset? asOf, PageRequest page, CancellationToken ct)
    {
        if (asOf is not { } at) return Array.Empty<CustomerSpendView>().ToConnection(page, KeyOf);
        await using var cmd = dataSource.CreateCommand();
        Scope(cmd, at, currency);
        cmd.Parameters.AddWithValue(segment);
        cmd.Parameters.AddWithValue(page.Fetch);
        var after = "";
        if (page.AfterKey is [var spend, var customer, var cur])
        {
            if (!decimal.TryParse(spend, NumberStyles.Number, CultureInfo.InvariantCulture, out var s))
                throw ApiErrors.Validation("BAD_CURSOR", "after is not a cursor of this list.", "after");
            cmd.Parameters.AddWithValue(s);
            cmd.Parameters.AddWithValue(customer);
            cmd.Parameters.AddWithValue(cur);
            after = "AND (spend < $5 OR (spend = $5 AND (customer, currency) > ($6, $7)))";
        }
        else if (page.AfterKey is not null) throw ApiErrors.Validation("BAD_CURSOR", "after is not a cursor of this list.", "after");
        cmd.CommandText = $"{ScoredSql} SELECT {Selected} FROM scored WHERE segment = $3 {after} ORDER BY spend DESC, customer, currency LIMIT $4";
        return (await ReadScoredAsync(cmd, at, ct)).ToConnection(page, KeyOf);
    }

    private static string[] KeyOf(CustomerSpendView v) => [v.Spend.ToString(CultureInfo.InvariantCulture), v.Customer, v.Currency];

    /// <summary>Every currency account of a customer (scored where they have a purchase); empty when the token is unknown.</summary>
    public async Task<IReadOnlyList<CustomerSpendView>> CustomerAsync(string token, DateTimeOffset? asOf, CancellationToken ct)
    {
        var scored = new Dictionary<string, CustomerSpendView>();
        if (asOf is { } at)
        {
            await using var cmd = dataSource.CreateCommand($"{ScoredSql} SELECT {Selected} FROM scored WHERE customer = $3");
            Scope(cmd, at, null);
            cmd.Parameters.AddWithValue(token);
            foreach (var v in await ReadScoredAsync(cmd, at, ct)) scored[v.Currency] = v;
        }
        var accounts = new List<CustomerSpendView>();
        await using (var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM {_spend} WHERE customer = $1 ORDER BY currency"))
        {
            cmd.Parameters.AddWithValue(token);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var plain = ReadPlain(r);
                accounts.Add(scored.TryGetValue(plain.Currency, out var s) ? s : plain);
            }
        }
        return accounts;
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

    private static void Scope(NpgsqlCommand cmd, DateTimeOffset asOf, string? currency)
    {
        cmd.Parameters.AddWithValue(asOf.ToUniversalTime());
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)currency ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
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
            var ltv = CustomerScoring.LifetimeValue(plain.Spend, plain.Orders, plain.FirstPurchaseAt!.Value, asOf);
            rows.Add(plain with { Rfm = new CustomerRfm(asOf, r.GetInt32(9), r.GetInt32(10), r.GetInt32(11), r.GetInt32(12), r.GetString(13), ltv) });
        }
        return rows;
    }
}
