using System.Text;
using Es.Domain;

namespace Es.Ingest.Import.Mappings;

/// <summary>
/// FoodHub (New York food delivery: order_id, customer_id, restaurant_name, cuisine_type,
/// cost_of_the_order, day_of_the_week, rating, food_preparation_time, delivery_time): one unit per
/// line. Each restaurant is registered (its cuisine as category, America/New_York) on its first line.
/// The file has no timestamps, so the placing time is synthesised from order_id n and the
/// weekday/weekend column, deterministically (see <see cref="PlacedAt"/>); picked up = placed +
/// preparation minutes, delivered = picked up + delivery minutes, rated (when the rating is not
/// "Not given") at delivery. One item, the order itself, at its cost in USD; no fee, no distance given.
/// </summary>
public sealed class FoodHubMapping : IImportMapping
{
    public const string Currency = "USD";
    public const string AddressArea = "New York";
    public static readonly TimeZoneInfo Zone = LocalTimes.Zone("America/New_York");
    /// <summary>Monday of the first of the eight weeks the synthesised times fall in (local).</summary>
    public static readonly DateTime FirstMonday = new(2024, 1, 1);

    public string Name => "foodhub";
    public ImportKind Kind => ImportKind.Orders;

    public IReadOnlyList<string> FilesFor(string path) => [path];

    public static Guid OrderIdOf(string orderId) => NameBasedGuid.Create($"foodhub:order:{orderId}");

    /// <summary>
    /// week = (n / 7) mod 8; day = n mod 5 (Monday..Friday) on a weekday, 5 + n mod 2 (Saturday, Sunday)
    /// at a weekend; hour = 11 + n mod 12 (11:00 to 22:59, lunch to late dinner); minute = (n / 12) mod 60;
    /// local time in New York.
    /// </summary>
    public static DateTimeOffset PlacedAt(long n, bool weekend)
    {
        var week = n / 7 % 8;
        var day = weekend ? 5 + n % 2 : n % 5;
        var local = FirstMonday.AddDays(7 * week + day).AddHours(11 + n % 12).AddMinutes(n / 12 % 60);
        return LocalTimes.ToInstant(local, Zone);
    }

    /// <summary><c>foodhub-&lt;slug of the name&gt;-&lt;6 hex of its hash&gt;</c>: readable, and two names with one slug stay apart.</summary>
    public static string MerchantIdOf(string restaurantName)
    {
        var slug = new StringBuilder();
        foreach (var ch in restaurantName.ToLowerInvariant())
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(ch);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        var text = slug.ToString().Trim('-');
        if (text.Length > 40) text = text[..40].Trim('-');
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(restaurantName)))[..6];
        return $"foodhub-{text}-{hash}";
    }

    public ImportPlan Open(ImportSource source) => new(CsvRows.CountLines(source.Path), Orders(source));

    private static IEnumerable<ImportRecord> Orders(ImportSource source)
    {
        var restaurants = new HashSet<string>();
        using var rows = new CsvRows(source.Path);
        while (rows.Read())
        {
            ImportRecord record;
            try { record = Order(rows, source, restaurants); }
            catch (LineProblemException e) { record = ImportRecord.Rejected(rows.Line, e.Code, e.Message); }
            yield return record;
        }
    }

    private static ImportRecord Order(CsvRows row, ImportSource source, HashSet<string> restaurants)
    {
        var line = row.Line;
        var orderNumber = row.Required("order_id");
        var n = long.TryParse(orderNumber, out var parsed) ? parsed
            : throw new LineProblemException("BAD_NUMBER", $"'order_id' is not a whole number: \"{orderNumber}\".");
        var customer = row.Required("customer_id");
        var restaurant = row.Required("restaurant_name");
        var cuisine = row.Required("cuisine_type");
        var cost = row.Decimal("cost_of_the_order");
        var weekend = row.Required("day_of_the_week") switch
        {
            "Weekend" => true,
            "Weekday" => false,
            var other => throw new LineProblemException("BAD_VALUE", $"'day_of_the_week' is Weekday or Weekend, not \"{other}\"."),
        };
        var ratingText = row.Required("rating");
        int? rating = ratingText == "Not given" ? null : CsvRows.ParseInt("rating", ratingText);
        var preparation = row.Int("food_preparation_time");
        var delivery = row.Int("delivery_time");

        var merchantId = MerchantIdOf(restaurant);
        var id = OrderIdOf(orderNumber);
        var placedAt = PlacedAt(n, weekend);
        var pickedUpAt = placedAt.AddMinutes(preparation);
        var deliveredAt = pickedUpAt.AddMinutes(delivery);
        var commands = new List<Command>();
        if (restaurants.Add(restaurant))
            commands.Add(new RegisterMerchant(merchantId, restaurant, cuisine, Zone.Id, source.SourceId(line, "merchant")));
        IReadOnlyList<OrderItem> items = [new OrderItem($"{cuisine} order", 1, cost)];
        commands.Add(new PlaceOrder(id, customer, merchantId, items, new Money(cost, Currency), AddressArea, placedAt, source.SourceId(line, "placed")));
        commands.Add(new PickUpOrder(id, pickedUpAt, source.SourceId(line, "picked-up")));
        commands.Add(new DeliverOrder(id, deliveredAt, null, Money.Zero(Currency), source.SourceId(line, "delivered")));
        if (rating is { } r)
            commands.Add(new RateOrder(id, r, deliveredAt, source.SourceId(line, "rated")));
        return new ImportRecord(line, commands);
    }
}
