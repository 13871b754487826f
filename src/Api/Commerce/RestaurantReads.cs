using Es.Projections;
using Es.Projections.Commerce;
using Npgsql;

namespace Es.Api.Commerce;

/// <summary>
/// A restaurant's figures over a set of orders (a day, a range, all of them). Times are minutes;
/// each average and the p90 is over the orders where both instants are known; p90 is
/// <c>percentile_cont(0.9)</c> (linear interpolation between the two nearest orders), exact because it
/// is computed from the order rows. Revenue is the sum of the totals of the orders not cancelled; it is
/// null when the orders are in more than one currency.
/// </summary>
public sealed record RestaurantFigures(
    int Orders, int Delivered, int Cancelled, decimal? Revenue, string? Currency,
    double? AverageDeliveryMinutes, double? P90DeliveryMinutes, double? AveragePreparationMinutes, double? AverageCourierMinutes,
    double? AverageRating, int Ratings)
{
    public static readonly RestaurantFigures None = new(0, 0, 0, 0m, null, null, null, null, null, null, 0);

    /// <summary>Cancelled orders / orders; null when there were none.</summary>
    public double? CancellationRate => Orders == 0 ? null : (double)Cancelled / Orders;
}

public sealed record RestaurantDayView(DateOnly Day, RestaurantFigures Figures);

public sealed record RestaurantPerformanceView(string RestaurantId, string? Name, string? Cuisine, DateOnly From, DateOnly To,
    RestaurantFigures Total, IReadOnlyList<RestaurantDayView> Days);

public sealed record RestaurantRankView(int Rank, string RestaurantId, string? Name, string? Cuisine, RestaurantFigures Figures);

public sealed record HourCount(int Hour, int Orders);

public sealed record WeekdayCount(int Weekday, string Name, int Orders);

public sealed record OrderTrendsView(int Orders, IReadOnlyList<HourCount> ByHour, IReadOnlyList<WeekdayCount> ByWeekday);

public enum RestaurantOrder { Orders, Revenue, AverageRating, AverageDeliveryTime, P90DeliveryTime, CancellationRate }

/// <summary>
/// Reads of <see cref="RestaurantPerformanceProjection"/>: every figure aggregated from the order rows
/// when read (docs/commerce-ticket.md, "Restaurant performance").
/// </summary>
public sealed class RestaurantReads(NpgsqlDataSource dataSource, ProjectionCatalog catalog)
{
    public const int MaxDays = 366;
    public const int MaxFirst = 100;

    private readonly string _orders = catalog.ViewName(RestaurantPerformanceProjection.Orders);
    private readonly string _restaurants = catalog.ViewName(RestaurantPerformanceProjection.Restaurants);

    // The figures of a group of order rows o; the columns FiguresFrom reads, from its first ordinal.
    private const string Figures = """
        count(*)::int, count(o.delivered_at)::int, count(*) FILTER (WHERE o.cancelled)::int,
        CASE WHEN count(DISTINCT o.currency) <= 1 THEN coalesce(sum(o.total) FILTER (WHERE NOT o.cancelled), 0) END,
        CASE WHEN count(DISTINCT o.currency) = 1 THEN min(o.currency) END,
        avg(extract(epoch FROM o.delivered_at - o.placed_at) / 60)::float8,
        (percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM o.delivered_at - o.placed_at) / 60))::float8,
        avg(extract(epoch FROM o.picked_up_at - o.placed_at) / 60)::float8,
        avg(extract(epoch FROM o.delivered_at - o.picked_up_at) / 60)::float8,
        avg(o.rating)::float8, count(o.rating)::int
        """;

    private static readonly string Performance = $"""
        SELECT o.day, GROUPING(o.day), {Figures}
        FROM {"{orders}"} o
        WHERE o.restaurant_id = $1 AND o.day BETWEEN $2 AND $3
        GROUP BY GROUPING SETS ((o.day), ())
        """;

    private const string Details = "SELECT name, cuisine FROM {restaurants} WHERE restaurant_id = $1";

    // Ordered by the asked figure (nulls last), then the restaurant id, so ranks are never shared.
    private static readonly string Ranking = $"""
        SELECT o.restaurant_id, min(r.name), min(r.cuisine), {Figures}
        FROM {"{orders}"} o LEFT JOIN {"{restaurants}"} r USING (restaurant_id)
        WHERE ($1::text IS NULL OR lower(r.cuisine) = lower($1)) AND ($2::date IS NULL OR o.day >= $2) AND ($3::date IS NULL OR o.day <= $3)
        GROUP BY o.restaurant_id
        HAVING count(*) >= $4
        ORDER BY {"{order}"} NULLS LAST, o.restaurant_id
        LIMIT $5
        """;

    private static readonly Dictionary<RestaurantOrder, string> OrderBy = new()
    {
        [RestaurantOrder.Orders] = "count(*) DESC",
        [RestaurantOrder.Revenue] = "sum(o.total) FILTER (WHERE NOT o.cancelled) DESC",
        [RestaurantOrder.AverageRating] = "avg(o.rating) DESC",
        [RestaurantOrder.AverageDeliveryTime] = "avg(extract(epoch FROM o.delivered_at - o.placed_at)) ASC",
        [RestaurantOrder.P90DeliveryTime] = "percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM o.delivered_at - o.placed_at)) ASC",
        [RestaurantOrder.CancellationRate] = "(count(*) FILTER (WHERE o.cancelled))::float8 / count(*) ASC",
    };

    // Orders placed (cancelled ones too: a trend is demand), by local hour and by ISO weekday.
    private const string Trends = """
        SELECT o.hour, o.weekday, GROUPING(o.hour), count(*)::int
        FROM {orders} o
        WHERE ($1::text IS NULL OR o.restaurant_id = $1)
          AND ($2::text IS NULL OR o.restaurant_id IN (SELECT restaurant_id FROM {restaurants} WHERE lower(cuisine) = lower($2)))
          AND ($3::date IS NULL OR o.day >= $3) AND ($4::date IS NULL OR o.day <= $4)
        GROUP BY GROUPING SETS ((o.hour), (o.weekday))
        """;

    private string S(string sql) => sql.Replace("{orders}", _orders).Replace("{restaurants}", _restaurants);

    public async Task<RestaurantPerformanceView> PerformanceAsync(string restaurantId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        string? name = null, cuisine = null;
        await using (var details = dataSource.CreateCommand(S(Details)))
        {
            details.Parameters.AddWithValue(restaurantId);
            await using var r = await details.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct)) (name, cuisine) = (r.GetString(0), r.GetString(1));
        }
        await using var cmd = dataSource.CreateCommand(S(Performance));
        cmd.Parameters.AddWithValue(restaurantId);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        var byDay = new Dictionary<DateOnly, RestaurantFigures>();
        var total = RestaurantFigures.None;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                var figures = FiguresFrom(r, 2);
                if (r.GetInt32(1) == 1) total = figures;
                else byDay[r.GetFieldValue<DateOnly>(0)] = figures;
            }
        var days = new List<RestaurantDayView>();
        for (var d = from; d <= to; d = d.AddDays(1)) days.Add(new RestaurantDayView(d, byDay.GetValueOrDefault(d, RestaurantFigures.None)));
        return new RestaurantPerformanceView(restaurantId, name, cuisine, from, to, total, days);
    }

    public async Task<IReadOnlyList<RestaurantRankView>> RankingAsync(string? cuisine, RestaurantOrder order, int minOrders, int first,
        DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S(Ranking).Replace("{order}", OrderBy[order]));
        cmd.Parameters.Add(Text(cuisine));
        cmd.Parameters.Add(Date(from));
        cmd.Parameters.Add(Date(to));
        cmd.Parameters.AddWithValue(minOrders);
        cmd.Parameters.AddWithValue(first);
        var rows = new List<RestaurantRankView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new RestaurantRankView(rows.Count + 1, r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), FiguresFrom(r, 3)));
        return rows;
    }

    public async Task<OrderTrendsView> TrendsAsync(string? restaurantId, string? cuisine, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(S(Trends));
        cmd.Parameters.Add(Text(restaurantId));
        cmd.Parameters.Add(Text(cuisine));
        cmd.Parameters.Add(Date(from));
        cmd.Parameters.Add(Date(to));
        var hours = new int[24];
        var weekdays = new int[8];
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                if (r.GetInt32(2) == 0) hours[r.GetInt16(0)] = r.GetInt32(3);
                else weekdays[r.GetInt16(1)] = r.GetInt32(3);
            }
        return new OrderTrendsView(hours.Sum(),
            Enumerable.Range(0, 24).Select(h => new HourCount(h, hours[h])).ToArray(),
            Enumerable.Range(1, 7).Select(d => new WeekdayCount(d, ((DayOfWeek)(d % 7)).ToString(), weekdays[d])).ToArray());
    }

    private static RestaurantFigures FiguresFrom(NpgsqlDataReader r, int i)
    {
        double? D(int k) => r.IsDBNull(i + k) ? null : r.GetDouble(i + k);
        return new RestaurantFigures(r.GetInt32(i), r.GetInt32(i + 1), r.GetInt32(i + 2),
            r.IsDBNull(i + 3) ? null : r.GetDecimal(i + 3), r.IsDBNull(i + 4) ? null : r.GetString(i + 4),
            D(5), D(6), D(7), D(8), D(9), r.GetInt32(i + 10));
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static NpgsqlParameter Date(DateOnly? value) => new() { Value = value is { } d ? d : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date };
}
