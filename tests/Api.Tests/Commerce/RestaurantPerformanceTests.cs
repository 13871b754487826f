using System.Text.Json;
using Es.Domain;

namespace Es.Api.Tests.Commerce;

/// <summary>
/// Orders of two restaurants, a Seoul one (UTC+09:00) and a São Paulo one (UTC−03:00), with pick-ups,
/// a delivery without one, a cancellation and a re-rating; every expected figure worked out here by hand.
/// </summary>
public sealed class RestaurantPerformanceTests(CommerceTicketHost api) : IClassFixture<CommerceTicketHost>
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);
    private static readonly TimeSpan SaoPaulo = TimeSpan.FromHours(-3);

    private const string Figures = "orders delivered cancelled cancellationRate revenue currency averageDeliveryMinutes p90DeliveryMinutes averagePreparationMinutes averageCourierMinutes averageRating ratings";

    private const string Performance = $$"""
        query($r: String!, $from: String!, $to: String!) {
          restaurantPerformance(restaurantId: $r, from: $from, to: $to) {
            restaurantId name cuisine total { {{Figures}} } days { day figures { {{Figures}} } }
          }
        }
        """;

    private const string Ranking = """
        query($cuisine: String, $orderBy: RestaurantOrder) {
          restaurants(cuisine: $cuisine, orderBy: $orderBy, first: 10) { rank restaurantId name cuisine figures { orders averageDeliveryMinutes averageRating } }
        }
        """;

    private const string Trends = """
        query($r: String, $cuisine: String) {
          orderTrends(restaurantId: $r, cuisine: $cuisine) { orders byHour { hour orders } byWeekday { weekday name orders } }
        }
        """;

    private static DateTimeOffset At(int day, int hour, int minute, TimeSpan zone) => new(2026, 3, day, hour, minute, 0, zone);

    /// <summary>Places an order and, when given, picks it up, delivers or cancels it, and rates it (each rating in turn).</summary>
    private async Task OrderAsync(string restaurant, decimal total, DateTimeOffset placed, DateTimeOffset? pickedUp = null,
        DateTimeOffset? delivered = null, DateTimeOffset? cancelled = null, params int[] ratings)
    {
        var id = Guid.NewGuid();
        await api.SendAsync(new PlaceOrder(id, "cust-" + id.ToString("N")[..6], restaurant, [new OrderItem("meal", 1, total)],
            new Money(total, "USD"), "area-1", placed, api.Source()));
        if (pickedUp is { } p) await api.SendAsync(new PickUpOrder(id, p, api.Source()));
        if (delivered is { } d) await api.SendAsync(new DeliverOrder(id, d, 2.5m, new Money(3m, "USD"), api.Source()));
        if (cancelled is { } c) await api.SendAsync(new CancelOrder(id, "customer changed their mind", c, api.Source()));
        for (var i = 0; i < ratings.Length; i++) await api.SendAsync(new RateOrder(id, ratings[i], delivered!.Value.AddMinutes(10 + i), api.Source()));
    }

    [Fact]
    public async Task Daily_figures_exact_p90_cancellation_rate_latest_ratings_ranking_and_trends_by_local_hour_and_weekday()
    {
        await api.SendAsync(new RegisterMerchant("r-seoul", "Hangang Kitchen", "Korean", "Asia/Seoul", api.Source()));
        await api.SendAsync(new RegisterMerchant("r-sp", "Sushi Paulista", "Japanese", "America/Sao_Paulo", api.Source()));

        // r-seoul, Monday 2 March (Seoul). Minutes placed → picked up → delivered:
        await OrderAsync("r-seoul", 20.00m, At(2, 12, 0, Seoul), At(2, 12, 10, Seoul), At(2, 12, 30, Seoul), null, 4, 2); // 10 + 20 = 30, re-rated 4 → 2
        await OrderAsync("r-seoul", 30.00m, At(2, 12, 20, Seoul), At(2, 12, 35, Seoul), At(2, 13, 0, Seoul), null, 5);    // 15 + 25 = 40
        await OrderAsync("r-seoul", 10.00m, At(2, 18, 0, Seoul), At(2, 18, 20, Seoul), At(2, 18, 50, Seoul));             // 20 + 30 = 50
        await OrderAsync("r-seoul", 25.00m, At(2, 19, 0, Seoul), null, At(2, 20, 0, Seoul));                              // 60, no pick-up known
        await OrderAsync("r-seoul", 100.00m, At(2, 19, 30, Seoul), cancelled: At(2, 19, 40, Seoul));                       // cancelled
        // 00:30 on the 2nd in Seoul is 15:30 UTC on the 1st: it belongs to the 2nd.
        await OrderAsync("r-seoul", 15.00m, At(2, 0, 30, Seoul), At(2, 0, 40, Seoul), At(2, 1, 0, Seoul), null, 3);       // 10 + 20 = 30
        // Tuesday the 3rd.
        await OrderAsync("r-seoul", 12.00m, At(3, 9, 0, Seoul), null, At(3, 9, 45, Seoul), null, 5);                      // 45
        // r-sp: 23:30 Monday the 2nd in São Paulo (02:30 UTC Tuesday), and Saturday the 7th at 20:00.
        await OrderAsync("r-sp", 40.00m, At(2, 23, 30, SaoPaulo), null, At(3, 0, 10, SaoPaulo), null, 4);                 // 40
        await OrderAsync("r-sp", 18.00m, At(7, 20, 0, SaoPaulo), null, At(7, 20, 20, SaoPaulo));                          // 20
        await api.WaitForAsync("restaurant_performance");

        var admin = await api.AdministratorAsync("restaurant_admin");
        var perf = (await api.DataAsync(Performance, new { r = "r-seoul", from = "2026-03-02", to = "2026-03-04" }, admin)).GetProperty("restaurantPerformance");
        Assert.Equal(("Hangang Kitchen", "Korean"), (perf.GetProperty("name").GetString(), perf.GetProperty("cuisine").GetString()));
        var days = perf.GetProperty("days").EnumerateArray().ToArray();
        Assert.Equal(["2026-03-02", "2026-03-03", "2026-03-04"], days.Select(d => d.GetProperty("day").GetString()));

        // The 2nd: 6 orders, 5 delivered, 1 cancelled (rate 1/6); revenue 20 + 30 + 10 + 25 + 15 = 100 (the 100 was cancelled).
        // Delivery minutes 30, 40, 50, 60, 30: mean 210 / 5 = 42; sorted 30 30 40 50 60, p90 at rank 0.9 × 4 = 3.6:
        // 50 + 0.6 × (60 − 50) = 56. Preparation 10, 15, 20, 10 → 13.75; courier 20, 25, 30, 20 → 23.75.
        // Ratings, the latest of each order: 2 (was 4), 5, 3 → 10 / 3.
        var monday = days[0].GetProperty("figures");
        Assert.Equal((6, 5, 1), (Int(monday, "orders"), Int(monday, "delivered"), Int(monday, "cancelled")));
        AverageTicketTests.AssertClose([1.0 / 6, 100.0, 42.0, 56.0, 13.75, 23.75, 10.0 / 3],
            [Num(monday, "cancellationRate"), Num(monday, "revenue"), Num(monday, "averageDeliveryMinutes"), Num(monday, "p90DeliveryMinutes"),
             Num(monday, "averagePreparationMinutes"), Num(monday, "averageCourierMinutes"), Num(monday, "averageRating")]);
        Assert.Equal(3, Int(monday, "ratings"));
        Assert.Equal("USD", monday.GetProperty("currency").GetString());

        // The 3rd: one order, 45 minutes, rated 5; the 4th: nothing.
        var tuesday = days[1].GetProperty("figures");
        AverageTicketTests.AssertClose([1, 45.0, 45.0, null, 5.0, 0.0],
            [Int(tuesday, "orders"), Num(tuesday, "averageDeliveryMinutes"), Num(tuesday, "p90DeliveryMinutes"), Num(tuesday, "averagePreparationMinutes"),
             Num(tuesday, "averageRating"), Num(tuesday, "cancellationRate")]);
        var wednesday = days[2].GetProperty("figures");
        Assert.Equal(0, Int(wednesday, "orders"));
        Assert.Equal(JsonValueKind.Null, wednesday.GetProperty("p90DeliveryMinutes").ValueKind);

        // The whole range: delivery 30 30 40 45 50 60, mean 255 / 6 = 42.5; p90 at rank 0.9 × 5 = 4.5: 50 + 0.5 × 10 = 55
        // (not a mean of the days' p90s); ratings 2, 5, 3, 5 → 15 / 4.
        var total = perf.GetProperty("total");
        AverageTicketTests.AssertClose([7, 42.5, 55.0, 15.0 / 4, 1.0 / 7, 112.0],
            [Int(total, "orders"), Num(total, "averageDeliveryMinutes"), Num(total, "p90DeliveryMinutes"), Num(total, "averageRating"),
             Num(total, "cancellationRate"), Num(total, "revenue")]);

        // Ranking: most orders first; fastest mean delivery first (r-sp (40 + 20) / 2 = 30 < 42.5); best rating first (4 > 3.75).
        Assert.Equal(["r-seoul", "r-sp"], await RankAsync(admin, null, "ORDERS"));
        Assert.Equal(["r-sp", "r-seoul"], await RankAsync(admin, null, "AVERAGE_DELIVERY_TIME"));
        Assert.Equal(["r-sp", "r-seoul"], await RankAsync(admin, null, "AVERAGE_RATING"));
        Assert.Equal(["r-seoul"], await RankAsync(admin, "korean", "ORDERS"));

        // Trends by local hour and ISO weekday. r-seoul: hours 0, 12, 12, 18, 19, 19 on Monday, 9 on Tuesday.
        var seoul = await TrendsAsync(admin, "r-seoul", null);
        Assert.Equal(7, seoul.GetProperty("orders").GetInt32());
        Assert.Equal(Hours((0, 1), (9, 1), (12, 2), (18, 1), (19, 2)), ByHour(seoul));
        Assert.Equal([6, 1, 0, 0, 0, 0, 0], ByWeekday(seoul));
        Assert.Equal("Monday", seoul.GetProperty("byWeekday")[0].GetProperty("name").GetString());
        // Japanese (r-sp): 23:00 Monday and 20:00 Saturday, São Paulo time (UTC would say 02:00 Tuesday).
        var japanese = await TrendsAsync(admin, null, "Japanese");
        Assert.Equal(Hours((20, 1), (23, 1)), ByHour(japanese));
        Assert.Equal([1, 0, 0, 0, 0, 1, 0], ByWeekday(japanese));
        // Overall: both.
        var overall = await TrendsAsync(admin, null, null);
        Assert.Equal(Hours((0, 1), (9, 1), (12, 2), (18, 1), (19, 2), (20, 1), (23, 1)), ByHour(overall));
        Assert.Equal([7, 1, 0, 0, 0, 1, 0], ByWeekday(overall));

        // A rebuild from the log gives the same tables as the live build.
        const string Orders = "SELECT order_id, restaurant_id, day, hour, weekday, placed_at, picked_up_at, delivered_at, cancelled, total, currency, rating FROM {schema}.restaurant_orders ORDER BY 1";
        const string Restaurants = "SELECT restaurant_id, name, cuisine FROM {schema}.restaurant_merchants ORDER BY 1";
        var (liveOrders, liveRestaurants) = (await api.RowsAsync(Orders), await api.RowsAsync(Restaurants));
        Assert.Equal(9, liveOrders.Count);
        await api.RebuildAsync("restaurant_performance");
        Assert.Equal(liveOrders, await api.RowsAsync(Orders));
        Assert.Equal(liveRestaurants, await api.RowsAsync(Restaurants));
    }

    [Fact]
    public async Task Restaurant_figures_are_for_administrators_and_auditors_and_a_bad_range_is_a_validation_error()
    {
        var member = await api.TokenWithRoleAsync("restaurant_member", null);
        foreach (var (query, variables, field) in new (string, object, string)[]
        {
            (Performance, new { r = "r-x", from = "2026-03-01", to = "2026-03-02" }, "restaurantPerformance"),
            (Ranking, new { orderBy = "ORDERS" }, "restaurants"),
            (Trends, new { r = "r-x" }, "orderTrends"),
        })
        {
            var error = ApiHost.SingleError(await api.GraphQLAsync(query, variables, member));
            Assert.Equal("FORBIDDEN", ApiHost.Code(error));
            Assert.Equal(field, error.GetProperty("path")[0].GetString());
        }
        var admin = await api.AdministratorAsync("restaurant_range_admin");
        var backwards = ApiHost.SingleError(await api.GraphQLAsync(Performance, new { r = "r-x", from = "2026-03-05", to = "2026-03-01" }, admin));
        Assert.Equal(("VALIDATION", "to"), (ApiHost.Code(backwards), backwards.GetProperty("extensions").GetProperty("field").GetString()));
        Assert.Equal("restaurantPerformance", backwards.GetProperty("path")[0].GetString());
        var tooLong = ApiHost.SingleError(await api.GraphQLAsync(Performance, new { r = "r-x", from = "2025-01-01", to = "2026-03-01" }, admin));
        Assert.Equal(("VALIDATION", "from"), (ApiHost.Code(tooLong), tooLong.GetProperty("extensions").GetProperty("field").GetString()));
        var trendsBackwards = ApiHost.SingleError(await api.GraphQLAsync(
            "query { orderTrends(from: \"2026-03-05\", to: \"2026-03-01\") { orders } }", null, admin));
        Assert.Equal("VALIDATION", ApiHost.Code(trendsBackwards));
        Assert.Equal("orderTrends", trendsBackwards.GetProperty("path")[0].GetString());
    }

    private async Task<string[]> RankAsync(string token, string? cuisine, string orderBy) =>
        (await api.DataAsync(Ranking, new { cuisine, orderBy }, token)).GetProperty("restaurants").EnumerateArray()
        .Select(r => r.GetProperty("restaurantId").GetString()!).ToArray();

    private async Task<JsonElement> TrendsAsync(string token, string? restaurant, string? cuisine) =>
        (await api.DataAsync(Trends, new { r = restaurant, cuisine }, token)).GetProperty("orderTrends");

    private static int[] Hours(params (int Hour, int Orders)[] counts)
    {
        var hours = new int[24];
        foreach (var (h, n) in counts) hours[h] = n;
        return hours;
    }

    private static int[] ByHour(JsonElement trends) => trends.GetProperty("byHour").EnumerateArray().Select(h => h.GetProperty("orders").GetInt32()).ToArray();

    private static int[] ByWeekday(JsonElement trends) => trends.GetProperty("byWeekday").EnumerateArray().Select(h => h.GetProperty("orders").GetInt32()).ToArray();

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    private static double? Num(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();
}
