using Es.Domain;
using Es.EventStore;

namespace Es.Projections.Commerce;

/// <summary>
/// One row per delivery order, with what the restaurant-performance figures need: the restaurant,
/// the local day, hour (0–23) and ISO weekday (1 = Monday) it was placed on in the restaurant's time
/// zone (<see cref="MerchantZoneHistory"/>), when it was placed, picked up and delivered, whether it
/// was cancelled, its total, and its latest rating. Every figure (counts, revenue, average and exact
/// p90 times with <c>percentile_cont</c>, ratings, trends) is aggregated from these rows when read,
/// so a p90 is exact for any range of days and a new figure needs no rebuild. Restaurants are
/// merchants: their name and cuisine (category) as last registered are kept beside.
/// </summary>
/// <param name="defaultTimeZone">The zone of a restaurant not registered when its order was placed; changing it needs a rebuild.</param>
public sealed class RestaurantPerformanceProjection(string defaultTimeZone = MerchantZoneHistory.DefaultTimeZone) : Projection
{
    public const string Orders = "restaurant_orders";
    public const string Restaurants = "restaurant_merchants";
    public const string Zones = "restaurant_zones";

    public string DefaultTimeZone { get; } = defaultTimeZone;

    public override string Name => "restaurant_performance";

    public override IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "MerchantRegistered", "MerchantUpdated", "OrderPlaced", "OrderPickedUp", "OrderDelivered", "OrderCancelled", "OrderRated",
    };

    public override IReadOnlyList<ReadModelTable> Tables { get; } =
    [
        new(Orders, """
            order_id      uuid        PRIMARY KEY,
            restaurant_id text        NOT NULL,
            day           date        NOT NULL,
            hour          smallint    NOT NULL,
            weekday       smallint    NOT NULL,
            placed_at     timestamptz NOT NULL,
            picked_up_at  timestamptz,
            delivered_at  timestamptz,
            cancelled     boolean     NOT NULL DEFAULT false,
            total         numeric     NOT NULL,
            currency      text        NOT NULL,
            rating        smallint
            """,
            "CREATE INDEX ON {table} (restaurant_id, day)",
            "CREATE INDEX ON {table} (day)"),
        new(Restaurants, """
            restaurant_id text PRIMARY KEY,
            name          text NOT NULL,
            cuisine       text NOT NULL
            """,
            "CREATE INDEX ON {table} (cuisine)"),
        new(Zones, MerchantZoneHistory.Columns),
    ];

    /// <summary>Every order event touches <c>order:ID</c>; a placement also <c>restaurant:ID</c>, as a merchant's registration does.</summary>
    public override IEnumerable<string> KeysOf(RecordedEvent e) => e.Data switch
    {
        MerchantRegistered m => [$"restaurant:{m.MerchantId}"],
        MerchantUpdated m => [$"restaurant:{m.MerchantId}"],
        OrderPlaced o => [$"restaurant:{o.RestaurantId}", $"order:{o.OrderId}"],
        OrderPickedUp o => [$"order:{o.OrderId}"],
        OrderDelivered o => [$"order:{o.OrderId}"],
        OrderCancelled o => [$"order:{o.OrderId}"],
        OrderRated o => [$"order:{o.OrderId}"],
        var other => throw new ArgumentException($"restaurant_performance does not handle {other.GetType().Name}"),
    };

    private const string Details = """
        INSERT INTO {restaurants} AS r (restaurant_id, name, cuisine)
        SELECT * FROM unnest(?::text[], ?::text[], ?::text[])
        ON CONFLICT (restaurant_id) DO UPDATE SET name = EXCLUDED.name, cuisine = EXCLUDED.cuisine
        """;

    private static readonly string Place = $"""
        WITH input AS (
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::numeric[], ?::text[], ?::bigint[])
                AS i(order_id, restaurant_id, placed_at, total, currency, seq)),
        located AS (
            SELECT i.*, i.placed_at AT TIME ZONE {MerchantZoneHistory.ZoneAt("i.restaurant_id", "i.seq")} AS local_at FROM input i)
        INSERT INTO {"{orders}"} (order_id, restaurant_id, day, hour, weekday, placed_at, total, currency)
        SELECT order_id, restaurant_id, local_at::date, extract(hour FROM local_at), extract(isodow FROM local_at), placed_at, total, currency
        FROM located
        ON CONFLICT (order_id) DO NOTHING
        """;

    private const string PickUp = """
        UPDATE {orders} o SET picked_up_at = i.at
        FROM unnest(?::uuid[], ?::timestamptz[]) AS i(order_id, at) WHERE o.order_id = i.order_id
        """;

    private const string Deliver = """
        UPDATE {orders} o SET delivered_at = i.at
        FROM unnest(?::uuid[], ?::timestamptz[]) AS i(order_id, at) WHERE o.order_id = i.order_id
        """;

    private const string Cancel = "UPDATE {orders} SET cancelled = true WHERE order_id = ANY (?)";

    private const string Rate = """
        UPDATE {orders} o SET rating = i.rating
        FROM unnest(?::uuid[], ?::smallint[]) AS i(order_id, rating) WHERE o.order_id = i.order_id
        """;

    /// <summary>
    /// A page is applied as: zones, restaurants' details, placements, pick-ups, deliveries,
    /// cancellations, ratings (the page's last rating of each order: a later rating replaces an
    /// earlier one). The domain's order life is placed → picked up → delivered → rated, or placed
    /// (→ picked up) → cancelled, one of each at most, so this order is what event-by-event would give.
    /// </summary>
    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        string S(string sql) => sql.Replace("{orders}", batch.Table(Orders)).Replace("{restaurants}", batch.Table(Restaurants)).Replace("{zones}", batch.Table(Zones));
        MerchantZoneHistory.Apply(batch, Zones, DefaultTimeZone);
        var details = new Dictionary<string, (string Name, string Cuisine)>(StringComparer.Ordinal);
        var placed = new List<(OrderPlaced Order, long Seq)>();
        var pickedUp = new List<OrderPickedUp>();
        var delivered = new List<OrderDelivered>();
        var cancelled = new List<Guid>();
        var ratings = new Dictionary<Guid, int>();
        foreach (var pe in batch.Events)
        {
            switch (pe.Event.Data)
            {
                case MerchantRegistered m: details[m.MerchantId] = (m.Name, m.Category); break;
                case MerchantUpdated m: details[m.MerchantId] = (m.Name, m.Category); break;
                case OrderPlaced o: placed.Add((o, pe.Event.Sequence)); break;
                case OrderPickedUp o: pickedUp.Add(o); break;
                case OrderDelivered o: delivered.Add(o); break;
                case OrderCancelled o: cancelled.Add(o.OrderId); break;
                case OrderRated o: ratings[o.OrderId] = o.Rating; break;
            }
        }
        if (details.Count > 0)
            batch.Execute(S(Details), details.Keys.ToArray(), details.Values.Select(d => d.Name).ToArray(), details.Values.Select(d => d.Cuisine).ToArray());
        if (placed.Count > 0)
            batch.Execute(S(Place),
                placed.Select(p => p.Order.OrderId).ToArray(),
                placed.Select(p => p.Order.RestaurantId).ToArray(),
                placed.Select(p => p.Order.PlacedAt.ToUniversalTime()).ToArray(),
                placed.Select(p => p.Order.Total.Amount).ToArray(),
                placed.Select(p => p.Order.Total.Currency).ToArray(),
                placed.Select(p => p.Seq).ToArray(),
                DefaultTimeZone);
        if (pickedUp.Count > 0)
            batch.Execute(S(PickUp), pickedUp.Select(p => p.OrderId).ToArray(), pickedUp.Select(p => p.PickedUpAt.ToUniversalTime()).ToArray());
        if (delivered.Count > 0)
            batch.Execute(S(Deliver), delivered.Select(p => p.OrderId).ToArray(), delivered.Select(p => p.DeliveredAt.ToUniversalTime()).ToArray());
        if (cancelled.Count > 0)
            batch.Execute(S(Cancel), cancelled.ToArray());
        if (ratings.Count > 0)
            batch.Execute(S(Rate), ratings.Keys.ToArray(), ratings.Values.Select(r => (short)r).ToArray());
        return Task.CompletedTask;
    }
}
