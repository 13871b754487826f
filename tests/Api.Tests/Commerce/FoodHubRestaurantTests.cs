using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Es.Domain;

namespace Es.Api.Tests.Commerce;

/// <summary>
/// The FoodHub sample (../shared/data/foodhub_order.csv, 1,898 New York delivery orders, no timestamps)
/// appended as delivery orders through the command pipeline; each restaurant's order count, mean
/// delivery and courier times and mean rating match a LINQ computation over the CSV done here.
/// </summary>
public sealed class FoodHubRestaurantTests(CommerceTicketHost api) : IClassFixture<CommerceTicketHost>
{
    private const string FileName = "foodhub_order.csv";
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private sealed record Row(long OrderId, string CustomerId, string Restaurant, string Cuisine, decimal Cost, bool Weekend, int? Rating, int Preparation, int Delivery);

    private static string DataPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Es.sln")))
                return Path.Combine(dir.FullName, "..", "shared", "data", FileName);
        throw new InvalidOperationException("no Es.sln above the test's folder");
    }

    // The file has no quoted fields (no commas inside names): a split is the whole parser it needs.
    private static List<Row> Read()
    {
        var lines = File.ReadAllLines(DataPath(), Encoding.UTF8);
        var header = lines[0].Split(',').Select(h => h.Trim('\uFEFF')).ToList();
        int Col(string name) => header.IndexOf(name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(f => new Row(
            long.Parse(f[Col("order_id")], CultureInfo.InvariantCulture), f[Col("customer_id")], f[Col("restaurant_name")], f[Col("cuisine_type")],
            decimal.Parse(f[Col("cost_of_the_order")], CultureInfo.InvariantCulture), f[Col("day_of_the_week")] == "Weekend",
            f[Col("rating")] == "Not given" ? null : int.Parse(f[Col("rating")], CultureInfo.InvariantCulture),
            int.Parse(f[Col("food_preparation_time")], CultureInfo.InvariantCulture), int.Parse(f[Col("delivery_time")], CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>A restaurant id from its name (names run to 37 characters and hold mojibake): "fh-" and 12 hex digits of its SHA-256.</summary>
    private static string RestaurantId(string name) => "fh-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..12].ToLowerInvariant();

    /// <summary>
    /// A deterministic placement time, as the file has none: one of eight weeks from Monday 5 January 2026
    /// (order id mod 8), a Wednesday for "Weekday" and a Saturday for "Weekend", between 11:00 and 20:59
    /// New York time (order id mod 600 minutes after 11:00).
    /// </summary>
    private static DateTimeOffset PlacedAt(Row r)
    {
        var day = new DateTime(2026, 1, 5).AddDays(7 * (r.OrderId % 8) + (r.Weekend ? 5 : 2)).AddHours(11).AddMinutes(r.OrderId % 600);
        return new DateTimeOffset(day, NewYork.GetUtcOffset(day));
    }

    [Fact]
    public async Task Each_restaurants_order_count_mean_delivery_and_courier_minutes_and_mean_rating_match_the_csv()
    {
        var rows = Read();
        Assert.Equal(1898, rows.Count);
        foreach (var restaurant in rows.GroupBy(r => r.Restaurant))
            await api.SendAsync(new RegisterMerchant(RestaurantId(restaurant.Key), restaurant.Key, restaurant.First().Cuisine, "America/New_York", $"file:{FileName}#restaurant"));
        foreach (var r in rows)
        {
            var id = NameBasedGuid.Create($"foodhub-order-{r.OrderId}");
            var placed = PlacedAt(r);
            var pickedUp = placed.AddMinutes(r.Preparation);
            var delivered = pickedUp.AddMinutes(r.Delivery);
            var source = $"file:{FileName}#{r.OrderId}";
            await api.SendAsync(new PlaceOrder(id, "fh-customer-" + r.CustomerId, RestaurantId(r.Restaurant), [new OrderItem("order", 1, r.Cost)],
                new Money(r.Cost, "USD"), "new-york", placed, source));
            await api.SendAsync(new PickUpOrder(id, pickedUp, source + ":pickup"));
            await api.SendAsync(new DeliverOrder(id, delivered, 1m, new Money(0m, "USD"), source + ":delivery"));
            if (r.Rating is { } rating) await api.SendAsync(new RateOrder(id, rating, delivered.AddMinutes(30), source + ":rating"));
        }
        await api.WaitForAsync("restaurant_performance");
        var admin = await api.AdministratorAsync("foodhub_admin");

        // Independently: per restaurant, the orders, the mean of preparation + delivery (placed → delivered),
        // the mean of delivery_time (picked up → delivered), and the mean of the ratings given.
        var expected = rows.GroupBy(r => r.Restaurant).Select(g => new
        {
            Id = RestaurantId(g.Key), Name = g.Key, Orders = g.Count(),
            Delivery = g.Average(r => (double)(r.Preparation + r.Delivery)), Courier = g.Average(r => (double)r.Delivery),
            Preparation = g.Average(r => (double)r.Preparation),
            Rating = g.Any(r => r.Rating is not null) ? g.Where(r => r.Rating is not null).Average(r => (double)r.Rating!.Value) : (double?)null,
            Revenue = g.Sum(r => r.Cost),
        }).ToList();
        Assert.Equal(178, expected.Count);
        const string Query = """
            query($r: String!) { restaurantPerformance(restaurantId: $r, from: "2026-01-01", to: "2026-03-31") {
              name total { orders delivered averageDeliveryMinutes averageCourierMinutes averagePreparationMinutes averageRating revenue } } }
            """;
        foreach (var e in expected)
        {
            var perf = (await api.DataAsync(Query, new { r = e.Id }, admin)).GetProperty("restaurantPerformance");
            Assert.Equal(e.Name, perf.GetProperty("name").GetString());
            var t = perf.GetProperty("total");
            Assert.Equal((e.Orders, e.Orders), (t.GetProperty("orders").GetInt32(), t.GetProperty("delivered").GetInt32()));
            AverageTicketTests.AssertClose([e.Delivery, e.Courier, e.Preparation, e.Rating, (double)e.Revenue],
                [Num(t, "averageDeliveryMinutes"), Num(t, "averageCourierMinutes"), Num(t, "averagePreparationMinutes"), Num(t, "averageRating"), Num(t, "revenue")]);
        }

        // The busiest: Shake Shack (219 orders), then The Meatball Shop (132), as a count over the file says.
        var busiest = expected.OrderByDescending(e => e.Orders).ThenBy(e => e.Id, StringComparer.Ordinal).Take(5).Select(e => e.Id).ToArray();
        var ranked = (await api.DataAsync("query { restaurants(orderBy: ORDERS, first: 5) { restaurantId name } }", null, admin))
            .GetProperty("restaurants").EnumerateArray().Select(r => r.GetProperty("restaurantId").GetString()).ToArray();
        Assert.Equal(busiest, ranked);
        Assert.Equal(RestaurantId("Shake Shack"), ranked[0]);

        // Weekend orders were placed on Saturdays, weekday ones on Wednesdays (New York time).
        var trends = (await api.DataAsync("query { orderTrends { orders byWeekday { weekday orders } } }", null, admin)).GetProperty("orderTrends");
        var weekdays = trends.GetProperty("byWeekday").EnumerateArray().Select(d => d.GetProperty("orders").GetInt32()).ToArray();
        Assert.Equal([0, 0, rows.Count(r => !r.Weekend), 0, 0, rows.Count(r => r.Weekend), 0], weekdays);
    }

    private static double? Num(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();
}
