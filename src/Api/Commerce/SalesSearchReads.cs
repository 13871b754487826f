using System.Text;
using Es.Api.Schema;
using Es.Projections;
using Es.Projections.Commerce;
using Npgsql;

namespace Es.Api.Commerce;

/// <summary>What a sales search filters on; every criterion is optional and they all apply together.</summary>
public sealed record SalesFilter
{
    public string? MerchantId { get; init; }
    /// <summary>Free text on the merchant's name: words, a part of a word, or a near miss.</summary>
    public string? MerchantName { get; init; }
    /// <summary>The last characters of the card (customer) token.</summary>
    public string? CardSuffix { get; init; }
    public decimal? MinAmount { get; init; }
    public decimal? MaxAmount { get; init; }
    public string? Currency { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? Platform { get; init; }
    public string? Status { get; init; }
    /// <summary>Only sales the anomaly flags name (true), or only those they do not (false).</summary>
    public bool? Flagged { get; init; }
}

public sealed record SaleHit(
    Guid SaleId, string MerchantId, string? MerchantName, string Platform, string CardToken, decimal Amount, string Currency,
    decimal Refunded, DateTimeOffset ApprovedAt, string Status, bool? Flagged = null)
{
    /// <summary>Only the last four characters of the token leave the server: enough to tell cards apart.</summary>
    public string CardSuffix => CardToken.Length <= 4 ? CardToken : CardToken[^4..];
}

/// <summary>
/// Sales search over the <c>sales_search</c> read model: one SQL statement per page, newest first,
/// keyset-paged on (approved_at, sale_id). Merchant names match by words (full text), by substring and
/// by similarity (trigrams); the matching merchants are found first in their small table.
/// </summary>
public sealed class SalesSearchReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog, Elasticsearch.ElasticsearchSales? elasticsearch = null)
{
    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "approved", "partially_refunded", "refunded", "cancelled",
    };

    /// <summary>
    /// How close a word of the name must come to the text to count as a near miss (pg_trgm's
    /// word_similarity; one transposed letter in a 7-letter word scores 0.5, unrelated words under 0.2).
    /// </summary>
    public const double NearMiss = 0.45;

    private readonly string _sales = catalog.ViewName(SalesSearchProjection.Sales);
    private readonly string _merchants = catalog.ViewName(SalesSearchProjection.Merchants);
    private readonly string _flags = catalog.ViewName(AnomalyProjection.Flags);

    /// <summary>Where searches go: Elasticsearch when <c>Es:Elasticsearch:Url</c> is set, else PostgreSQL.</summary>
    public string Engine => elasticsearch is null ? "postgresql" : "elasticsearch";

    /// <remarks>"Flagged or not" joins the anomaly flags read model, which lives in PostgreSQL: such a search is answered there.</remarks>
    public Task<Connection<SaleHit>> SearchAsync(SalesFilter filter, PageRequest page, CancellationToken ct) =>
        elasticsearch is null || filter.Flagged is not null ? SearchPostgresAsync(filter, page, ct) : elasticsearch.SearchAsync(filter, page, ct);

    public async Task<Connection<SaleHit>> SearchPostgresAsync(SalesFilter filter, PageRequest page, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var where = new List<string>();
        string P(object value)
        {
            cmd.Parameters.AddWithValue(value);
            return "$" + cmd.Parameters.Count;
        }
        if (filter.MerchantId is { } merchant) where.Add($"s.merchant_id = {P(merchant)}");
        if (filter.MerchantName is { } text)
        {
            var q = P(text.Trim().ToLowerInvariant());
            where.Add($"""
                s.merchant_id IN (SELECT m.merchant_id FROM {_merchants} m
                    WHERE to_tsvector('simple', m.name) @@ plainto_tsquery('simple', {q})
                       OR lower(m.name) LIKE '%' || {EscapedLike(cmd, text.Trim().ToLowerInvariant())} || '%'
                       OR public.word_similarity({q}, lower(m.name)) >= {NearMiss.ToString(System.Globalization.CultureInfo.InvariantCulture)})
                """);
        }
        if (filter.CardSuffix is { } suffix)
            where.Add($"reverse(s.card_token) LIKE {EscapedLike(cmd, new string(suffix.Reverse().ToArray()))} || '%'");
        if (filter.MinAmount is { } min) where.Add($"s.amount >= {P(min)}");
        if (filter.MaxAmount is { } max) where.Add($"s.amount <= {P(max)}");
        if (filter.Currency is { } currency) where.Add($"s.currency = {P(currency)}");
        if (filter.From is { } from) where.Add($"s.approved_at >= {P(from.ToUniversalTime())}");
        if (filter.To is { } to) where.Add($"s.approved_at <= {P(to.ToUniversalTime())}");
        if (filter.Platform is { } platform) where.Add($"s.platform = {P(platform)}");
        if (filter.Status is { } status) where.Add($"s.status = {P(status)}");
        if (filter.Flagged is { } flagged)
            where.Add($"{(flagged ? "" : "NOT ")}EXISTS (SELECT 1 FROM {_flags} f WHERE f.subject = s.sale_id::text)");
        if (page.AfterTimeAndId(cmd, "s.approved_at", "s.sale_id", descending: true) is { } after) where.Add(after);

        var sql = new StringBuilder($"""
            SELECT s.sale_id, s.merchant_id, m.name, s.platform, s.card_token, s.amount, s.currency, s.refunded, s.approved_at, s.status,
                   EXISTS (SELECT 1 FROM {_flags} f WHERE f.subject = s.sale_id::text)
            FROM {_sales} s LEFT JOIN {_merchants} m USING (merchant_id)
            """);
        if (where.Count > 0) sql.Append(" WHERE ").AppendJoin(" AND ", where);
        sql.Append(" ORDER BY s.approved_at DESC, s.sale_id DESC LIMIT ").Append(P(page.Fetch));
        cmd.CommandText = sql.ToString();

        var hits = new List<SaleHit>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                hits.Add(new SaleHit(r.GetGuid(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4),
                    r.GetDecimal(5), r.GetString(6), r.GetDecimal(7), r.GetFieldValue<DateTimeOffset>(8), r.GetString(9), r.GetBoolean(10)));
        return hits.ToConnection(page, h => [Cursors.Time(h.ApprovedAt), h.SaleId.ToString()]);
    }

    /// <summary>The sales of these ids and those of these merchants, as the read model holds them now (the Elasticsearch sink's source).</summary>
    public async Task<IReadOnlyList<SaleHit>> CurrentAsync(IReadOnlyCollection<Guid> saleIds, IReadOnlyCollection<string> merchantIds, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT s.sale_id, s.merchant_id, m.name, s.platform, s.card_token, s.amount, s.currency, s.refunded, s.approved_at, s.status
            FROM {_sales} s LEFT JOIN {_merchants} m USING (merchant_id)
            WHERE s.sale_id = ANY ($1) OR s.merchant_id = ANY ($2)
            """);
        cmd.Parameters.AddWithValue(saleIds.ToArray());
        cmd.Parameters.AddWithValue(merchantIds.ToArray());
        var hits = new List<SaleHit>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            hits.Add(new SaleHit(r.GetGuid(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4),
                r.GetDecimal(5), r.GetString(6), r.GetDecimal(7), r.GetFieldValue<DateTimeOffset>(8), r.GetString(9)));
        return hits;
    }

    /// <summary>A LIKE pattern parameter matching <paramref name="literal"/> literally (its % and _ escaped).</summary>
    private static string EscapedLike(NpgsqlCommand cmd, string literal)
    {
        cmd.Parameters.AddWithValue(literal.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_"));
        return "$" + cmd.Parameters.Count;
    }
}
