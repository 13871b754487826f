using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Customers;

/// <summary>
/// What each customer spent, per currency (docs/commerce.md, "Customer spend"). A customer is the
/// <c>CustomerToken</c> of sales and orders (one namespace). Two tables:
/// <c>customer_purchases</c>, one row per sale, order or return with what it counts for now (refunds
/// and cancellations arrive later, naming only the sale or order), and <c>customer_spend</c>, one row
/// per (customer, currency), kept by adding each page's changes (first and last purchase looked up
/// again only when a cancellation removes one).
/// RFM scores, segments and lifetime value are not stored: they depend on the whole population and
/// on "now", so they are computed when read.
/// </summary>
/// <remarks>
/// Amounts are never converted: a customer who paid in two currencies has two rows, each ranked
/// among that currency's customers. A cancelled sale or order counts nothing (nor as an order); a
/// refund lowers its sale's net; a return is a credit against the customer's spend, not an order.
/// </remarks>
public sealed class CustomerSpendProjection : Projection
{
    public const string Purchases = "customer_purchases";
    public const string Spend = "customer_spend";

    public const string KindOrder = "order";
    public const string KindSale = "sale";
    public const string KindReturn = "return";

    public const string ProjectionName = "customer_spend";

    public override string Name => ProjectionName;

    /// <summary>2: figures kept by sums per page instead of recomputed from every purchase (same rows, built faster).</summary>
    public override int Version => 2;

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "SaleRecorded", "SaleRefunded", "SaleCancelled", "OrderPlaced", "OrderCancelled", "ReturnRecorded",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Purchases, """
            purchase_id  uuid        PRIMARY KEY,
            customer     text        NOT NULL,
            currency     text        NOT NULL,
            kind         text        NOT NULL,
            merchant     text        NOT NULL,
            at           timestamptz NOT NULL,
            amount       numeric     NOT NULL,
            refunded     numeric     NOT NULL DEFAULT 0,
            cancelled    boolean     NOT NULL DEFAULT false
            """,
            "CREATE INDEX ON {table} (customer, currency, at DESC, purchase_id)"),
        new(Spend, """
            customer   text        NOT NULL,
            currency   text        NOT NULL,
            spend      numeric     NOT NULL,
            orders     int         NOT NULL,
            cancelled  int         NOT NULL,
            refunded   numeric     NOT NULL,
            returned   numeric     NOT NULL,
            first_at   timestamptz,
            last_at    timestamptz,
            PRIMARY KEY (customer, currency)
            """,
            "CREATE INDEX ON {table} (currency, spend DESC, customer) WHERE orders > 0",
            "CREATE INDEX ON {table} (last_at)"),
    ];

    /// <summary>
    /// A sale, order or return names its customer (<c>customer:TOKEN</c>) and itself (<c>purchase:ID</c>);
    /// a refund or cancellation names only its sale or order, so <c>explain customer_spend purchase:ID</c>
    /// shows a purchase's whole story.
    /// </summary>
    public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data switch
    {
        SaleRecorded s => [CustomerKey(s.CustomerToken), PurchaseKey(s.SaleId)],
        OrderPlaced o => [CustomerKey(o.CustomerToken), PurchaseKey(o.OrderId)],
        ReturnRecorded r => [CustomerKey(r.CustomerToken), PurchaseKey(r.ReturnId)],
        SaleRefunded s => [PurchaseKey(s.SaleId)],
        SaleCancelled s => [PurchaseKey(s.SaleId)],
        OrderCancelled o => [PurchaseKey(o.OrderId)],
        var other => throw new ArgumentException($"customer_spend does not handle {other.GetType().Name}"),
    };

    public static string CustomerKey(string token) => $"customer:{token}";
    public static string PurchaseKey(Guid id) => $"purchase:{id}";

    // New purchases, and what they add to their customers' figures: only the rows this statement
    // inserted count (RETURNING), so a purchase seen twice is added once.
    private const string Insert = """
        WITH added AS (
            INSERT INTO {purchases} (purchase_id, customer, currency, kind, merchant, at, amount)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::numeric[])
            ON CONFLICT (purchase_id) DO NOTHING
            RETURNING customer, currency, kind, at, amount)
        INSERT INTO {spend} AS s (customer, currency, spend, orders, cancelled, refunded, returned, first_at, last_at)
        SELECT customer, currency,
               coalesce(sum(amount) FILTER (WHERE kind <> 'return'), 0) - coalesce(sum(amount) FILTER (WHERE kind = 'return'), 0),
               count(*) FILTER (WHERE kind <> 'return'), 0, 0,
               coalesce(sum(amount) FILTER (WHERE kind = 'return'), 0),
               min(at) FILTER (WHERE kind <> 'return'), max(at) FILTER (WHERE kind <> 'return')
        FROM added GROUP BY customer, currency
        ON CONFLICT (customer, currency) DO UPDATE SET
            spend = s.spend + EXCLUDED.spend, orders = s.orders + EXCLUDED.orders, returned = s.returned + EXCLUDED.returned,
            first_at = least(s.first_at, EXCLUDED.first_at), last_at = greatest(s.last_at, EXCLUDED.last_at)
        """;

    // A refund lowers its sale's net; the customer's spend moves only while the sale counts (not cancelled).
    private const string Refund = """
        WITH refunded AS (
            UPDATE {purchases} p SET refunded = p.refunded + u.amount
            FROM (SELECT id, sum(amount) AS amount FROM unnest(?::uuid[], ?::numeric[]) AS i(id, amount) GROUP BY id) u
            WHERE p.purchase_id = u.id
            RETURNING p.customer, p.currency, p.kind, p.cancelled, u.amount)
        UPDATE {spend} s SET spend = s.spend - d.amount, refunded = s.refunded + d.amount
        FROM (SELECT customer, currency, sum(amount) AS amount FROM refunded WHERE kind <> 'return' AND NOT cancelled
              GROUP BY customer, currency) d
        WHERE s.customer = d.customer AND s.currency = d.currency
        """;

    // A cancellation takes the whole purchase out: its net, its refunds, one order; once (NOT cancelled).
    private const string Cancel = """
        WITH cancelled AS (
            UPDATE {purchases} SET cancelled = true WHERE purchase_id = ANY (?::uuid[]) AND NOT cancelled
            RETURNING customer, currency, kind, amount, refunded)
        UPDATE {spend} s SET spend = s.spend - d.net, orders = s.orders - d.n, cancelled = s.cancelled + d.n, refunded = s.refunded - d.refunded
        FROM (SELECT customer, currency, sum(amount - refunded) AS net, count(*)::int AS n, sum(refunded) AS refunded
              FROM cancelled WHERE kind <> 'return' GROUP BY customer, currency) d
        WHERE s.customer = d.customer AND s.currency = d.currency
        """;

    // Only when a cancelled purchase was the first or the last: both again from the customer's purchases
    // (the (customer, currency, at) index); a separate statement, so it sees the cancellation.
    private const string Bounds = """
        UPDATE {spend} s SET
            first_at = (SELECT min(p.at) FROM {purchases} p
                        WHERE p.customer = s.customer AND p.currency = s.currency AND p.kind <> 'return' AND NOT p.cancelled),
            last_at = (SELECT max(p.at) FROM {purchases} p
                       WHERE p.customer = s.customer AND p.currency = s.currency AND p.kind <> 'return' AND NOT p.cancelled)
        FROM {purchases} c
        WHERE c.purchase_id = ANY (?::uuid[]) AND c.kind <> 'return'
          AND s.customer = c.customer AND s.currency = c.currency AND (c.at <= s.first_at OR c.at >= s.last_at)
        """;

    /// <summary>
    /// Four statements a page at most, each costing what the page holds, not what its customers did
    /// before: new purchases with their sums, refunds, cancellations, then first and last purchase
    /// again for the customers whose first or last purchase was cancelled. A sale or order comes
    /// before its refunds and cancellation in the log, and a cancellation takes out whatever was
    /// refunded, so this order gives what applying the events one by one would.
    /// </summary>
    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{purchases}", batch.Table(Purchases)).Replace("{spend}", batch.Table(Spend));
        var ids = new List<Guid>();
        var customers = new List<string>();
        var currencies = new List<string>();
        var kinds = new List<string>();
        var merchants = new List<string>();
        var times = new List<DateTimeOffset>();
        var amounts = new List<decimal>();
        var refundIds = new List<Guid>();
        var refundAmounts = new List<decimal>();
        var cancelled = new List<Guid>();

        void Add(Guid id, string customer, Money amount, string kind, string merchant, DateTimeOffset at)
        {
            ids.Add(id); customers.Add(customer); currencies.Add(amount.Currency); kinds.Add(kind);
            merchants.Add(merchant); times.Add(at.ToUniversalTime()); amounts.Add(amount.Amount);
        }

        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case SaleRecorded e: Add(e.SaleId, e.CustomerToken, e.Amount, KindSale, e.MerchantId, e.ApprovedAt); break;
                case OrderPlaced e: Add(e.OrderId, e.CustomerToken, e.Total, KindOrder, e.RestaurantId, e.PlacedAt); break;
                case ReturnRecorded e: Add(e.ReturnId, e.CustomerToken, e.Total, KindReturn, e.MerchantId, e.ReturnedAt); break;
                case SaleRefunded e: refundIds.Add(e.SaleId); refundAmounts.Add(e.Amount.Amount); break;
                case SaleCancelled e: cancelled.Add(e.SaleId); break;
                case OrderCancelled e: cancelled.Add(e.OrderId); break;
            }
        }

        if (ids.Count > 0)
            batch.Execute(S(Insert), ids.ToArray(), customers.ToArray(), currencies.ToArray(), kinds.ToArray(), merchants.ToArray(),
                times.ToArray(), amounts.ToArray());
        if (refundIds.Count > 0)
            batch.Execute(S(Refund), refundIds.ToArray(), refundAmounts.ToArray());
        if (cancelled.Count > 0)
        {
            batch.Execute(S(Cancel), cancelled.ToArray());
            batch.Execute(S(Bounds), cancelled.ToArray());
        }
        return Task.CompletedTask;
    }
}
