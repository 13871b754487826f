using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Commerce;

/// <summary>
/// Sales search, the card platform's reason for Elasticsearch, on PostgreSQL: one row per sale with
/// what a search filters on (merchant, platform, card token, amount, approval time, status), and the
/// merchants' names for free text. The status follows the sale: approved, partially refunded,
/// refunded or cancelled. The merchant's name is joined at query time (a rename reaches every sale
/// at once, and a merchant registered after its first sales is found by them too).
/// </summary>
/// <remarks>
/// Indexes: (approved_at, sale_id) for the default newest-first page; (merchant_id, approved_at,
/// sale_id) for one merchant; the reversed card token with text_pattern_ops, so a suffix is a prefix
/// range scan; the amount; and on merchant names a trigram index (substring and fuzzy matches) and a
/// full-text index (words). pg_trgm is created in <c>public</c> on first use (a trusted extension),
/// under a database-wide advisory lock so two schemas created at once do not race.
/// </remarks>
public sealed class SalesSearchProjection : Projection
{
    public const string Sales = "sales_search";
    public const string Merchants = "sales_search_merchants";

    public override string Name => "sales_search";

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "SaleRecorded", "SaleRefunded", "SaleCancelled", "MerchantRegistered", "MerchantUpdated",
    };

    public const string CreateTrigram = """
        DO $$ BEGIN
          PERFORM pg_advisory_xact_lock(hashtext('es-extension-pg_trgm'));
          CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
        END $$
        """;

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Sales, """
            sale_id      uuid        PRIMARY KEY,
            merchant_id  text        NOT NULL,
            platform     text        NOT NULL,
            card_token   text        NOT NULL,
            amount       numeric     NOT NULL,
            currency     text        NOT NULL,
            refunded     numeric     NOT NULL DEFAULT 0,
            approved_at  timestamptz NOT NULL,
            status       text        NOT NULL DEFAULT 'approved'
            """,
            "CREATE INDEX ON {table} (approved_at DESC, sale_id DESC)",
            "CREATE INDEX ON {table} (merchant_id, approved_at DESC, sale_id DESC)",
            "CREATE INDEX ON {table} (reverse(card_token) text_pattern_ops)",
            "CREATE INDEX ON {table} (amount)"),
        new(Merchants, """
            merchant_id  text PRIMARY KEY,
            name         text NOT NULL,
            category     text NOT NULL
            """,
            CreateTrigram,
            "CREATE INDEX ON {table} USING gin (lower(name) public.gin_trgm_ops)",
            "CREATE INDEX ON {table} USING gin (to_tsvector('simple', name))"),
    ];

    public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data switch
    {
        SaleRecorded s => [$"sale:{s.SaleId}", $"merchant:{s.MerchantId}"],
        SaleRefunded s => [$"sale:{s.SaleId}"],
        SaleCancelled s => [$"sale:{s.SaleId}"],
        MerchantRegistered m => [$"merchant:{m.MerchantId}"],
        MerchantUpdated m => [$"merchant:{m.MerchantId}"],
        var other => throw new ArgumentException($"sales_search does not handle {other.GetType().Name}"),
    };

    private const string Record = """
        INSERT INTO {sales} (sale_id, merchant_id, platform, card_token, amount, currency, approved_at)
        SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[], ?::timestamptz[])
        ON CONFLICT (sale_id) DO NOTHING
        """;

    // A page's refunds of one sale come summed; what is left after the last one says whether it is whole.
    private const string Refund = """
        UPDATE {sales} s SET refunded = s.refunded + r.amount,
               status = CASE WHEN r.remaining = 0 THEN 'refunded' ELSE 'partially_refunded' END
        FROM unnest(?::uuid[], ?::numeric[], ?::numeric[]) AS r(sale_id, amount, remaining)
        WHERE s.sale_id = r.sale_id
        """;

    private const string Cancel = "UPDATE {sales} SET status = 'cancelled' WHERE sale_id = ANY (?)";

    private const string Merchant = """
        INSERT INTO {merchants} AS m (merchant_id, name, category)
        SELECT * FROM unnest(?::text[], ?::text[], ?::text[])
        ON CONFLICT (merchant_id) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category
        """;

    /// <summary>
    /// At most four statements a page: recordings, then refunds, then cancellations, then merchants.
    /// The domain records a sale before its refunds or cancellation, so this order is the log's.
    /// </summary>
    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{sales}", batch.Table(Sales)).Replace("{merchants}", batch.Table(Merchants));
        var recorded = new List<SaleRecorded>();
        var refunds = new Dictionary<Guid, (decimal Amount, decimal Remaining)>();
        var cancelled = new List<Guid>();
        var merchants = new Dictionary<string, (string Name, string Category)>(StringComparer.Ordinal);
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case SaleRecorded e: recorded.Add(e); break;
                case SaleRefunded e:
                    var sum = refunds.GetValueOrDefault(e.SaleId).Amount + e.Amount.Amount;
                    refunds[e.SaleId] = (sum, e.Remaining.Amount);
                    break;
                case SaleCancelled e: cancelled.Add(e.SaleId); break;
                case MerchantRegistered e: merchants[e.MerchantId] = (e.Name, e.Category); break;
                case MerchantUpdated e: merchants[e.MerchantId] = (e.Name, e.Category); break;
            }
        }
        if (recorded.Count > 0)
            batch.Execute(S(Record),
                recorded.Select(s => s.SaleId).ToArray(),
                recorded.Select(s => s.MerchantId).ToArray(),
                recorded.Select(s => s.Platform).ToArray(),
                recorded.Select(s => s.CustomerToken).ToArray(),
                recorded.Select(s => s.Amount.Amount).ToArray(),
                recorded.Select(s => s.Amount.Currency).ToArray(),
                recorded.Select(s => s.ApprovedAt.ToUniversalTime()).ToArray());
        if (refunds.Count > 0)
            batch.Execute(S(Refund), refunds.Keys.ToArray(), refunds.Values.Select(r => r.Amount).ToArray(), refunds.Values.Select(r => r.Remaining).ToArray());
        if (cancelled.Count > 0)
            batch.Execute(S(Cancel), cancelled.ToArray());
        if (merchants.Count > 0)
            batch.Execute(S(Merchant), merchants.Keys.ToArray(), merchants.Values.Select(m => m.Name).ToArray(), merchants.Values.Select(m => m.Category).ToArray());
        return Task.CompletedTask;
    }
}
