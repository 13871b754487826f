using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Commerce;

/// <summary>
/// The merchants analysts pick from: one row per merchant (card merchants and restaurants alike, as
/// the Merchant aggregate has them) with its latest name, category and time zone, when it was
/// registered and last changed, and how many sales and orders name it. A merchant that sells before
/// (or without) being registered has a row too, with no details until it is registered: the ticket
/// and anomaly queries answer for it all the same.
/// </summary>
/// <remarks>
/// Its own small read model rather than a read of another one: <c>sales_search_merchants</c> is
/// search's (no time zone, no restaurants' orders), and folding every <c>merchant-*</c> stream when
/// asked would read the log on each page. Two upserts a page at most, grouped by merchant.
/// </remarks>
public sealed class MerchantDirectoryProjection : Projection
{
    public const string Merchants = "merchants";

    public override string Name => "merchants";

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MerchantRegistered", "MerchantUpdated", "SaleRecorded", "OrderPlaced",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Merchants, """
            merchant_id    text        PRIMARY KEY,
            name           text,
            category       text,
            time_zone      text,
            registered_at  timestamptz,
            updated_at     timestamptz,
            sales          bigint      NOT NULL DEFAULT 0,
            orders         bigint      NOT NULL DEFAULT 0
            """,
            "CREATE INDEX ON {table} (category, merchant_id)"),
    ];

    /// <summary>Every event touches its merchant's row (a restaurant is the merchant its orders name).</summary>
    public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data switch
    {
        MerchantRegistered m => [$"merchant:{m.MerchantId}"],
        MerchantUpdated m => [$"merchant:{m.MerchantId}"],
        SaleRecorded s => [$"merchant:{s.MerchantId}"],
        OrderPlaced o => [$"merchant:{o.RestaurantId}"],
        var other => throw new ArgumentException($"merchants does not handle {other.GetType().Name}"),
    };

    // The page's last details of each merchant win; the first registration's time is kept.
    private const string Details = """
        INSERT INTO {merchants} AS m (merchant_id, name, category, time_zone, registered_at, updated_at)
        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
        ON CONFLICT (merchant_id) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category, time_zone = EXCLUDED.time_zone,
            registered_at = coalesce(m.registered_at, EXCLUDED.registered_at), updated_at = EXCLUDED.updated_at
        """;

    private const string Counts = """
        INSERT INTO {merchants} AS m (merchant_id, sales, orders)
        SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[])
        ON CONFLICT (merchant_id) DO UPDATE SET sales = m.sales + EXCLUDED.sales, orders = m.orders + EXCLUDED.orders
        """;

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{merchants}", batch.Table(Merchants));
        var details = new Dictionary<string, (string Name, string Category, string Zone, DateTimeOffset? Registered, DateTimeOffset Updated)>(StringComparer.Ordinal);
        var counts = new Dictionary<string, (long Sales, long Orders)>(StringComparer.Ordinal);
        foreach (var pe in batch.Events)
        {
            var at = pe.Event.RecordedAt;
            switch (pe.Event.Data)
            {
                case MerchantRegistered m:
                    details[m.MerchantId] = (m.Name, m.Category, m.TimeZone, details.TryGetValue(m.MerchantId, out var r) && r.Registered is { } first ? first : at, at);
                    break;
                case MerchantUpdated m:
                    details[m.MerchantId] = (m.Name, m.Category, m.TimeZone, details.TryGetValue(m.MerchantId, out var u) ? u.Registered : null, at);
                    break;
                case SaleRecorded s:
                    var sc = counts.GetValueOrDefault(s.MerchantId);
                    counts[s.MerchantId] = (sc.Sales + 1, sc.Orders);
                    break;
                case OrderPlaced o:
                    var oc = counts.GetValueOrDefault(o.RestaurantId);
                    counts[o.RestaurantId] = (oc.Sales, oc.Orders + 1);
                    break;
            }
        }
        if (details.Count > 0)
            batch.Execute(S(Details), details.Keys.ToArray(), details.Values.Select(d => d.Name).ToArray(), details.Values.Select(d => d.Category).ToArray(),
                details.Values.Select(d => d.Zone).ToArray(), details.Values.Select(d => d.Registered?.ToUniversalTime()).ToArray(),
                details.Values.Select(d => d.Updated.ToUniversalTime()).ToArray());
        if (counts.Count > 0)
            batch.Execute(S(Counts), counts.Keys.ToArray(), counts.Values.Select(c => c.Sales).ToArray(), counts.Values.Select(c => c.Orders).ToArray());
        return Task.CompletedTask;
    }
}
