using Es.Domain;

namespace Es.Ingest.Import.Mappings;

/// <summary>
/// Olist (Brazilian marketplace): the orders file, joined by order_id with the items, payments and
/// customers files beside it (the same name with <c>orders_dataset</c> replaced by
/// <c>order_items_dataset</c>, <c>order_payments_dataset</c>, <c>customers_dataset</c>). One unit per
/// line of the orders file. The customer token is customer_unique_id (customer_id is per order).
/// Each seller is a merchant (<c>olist-&lt;seller_id&gt;</c>, registered on its first order). A
/// multi-seller order is split into one order per seller, because each seller sells, ships and is paid
/// for its own items: order id = name-based on (order_id, seller_id). Items: one per (product, price)
/// with the units counted; the order's freight for that seller is the delivery fee. Times are
/// America/Sao_Paulo: placed = order_purchase_timestamp, picked up = order_delivered_carrier_date,
/// delivered = order_delivered_customer_date; status "canceled" cancels at the latest time the row has.
/// Payments: an order must have one (NO_PAYMENT otherwise); their sum is not used, vouchers make it
/// differ from items plus freight.
/// </summary>
public sealed class OlistMapping : IImportMapping
{
    public const string Currency = "BRL";
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";
    public static readonly TimeZoneInfo Zone = LocalTimes.Zone("America/Sao_Paulo");

    public string Name => "olist";
    public ImportKind Kind => ImportKind.Orders;

    public static string MerchantIdOf(string sellerId) => $"olist-{sellerId}";

    public static Guid OrderIdOf(string orderId, string sellerId) => NameBasedGuid.Create($"olist:order:{orderId}:{sellerId}");

    public IReadOnlyList<string> FilesFor(string path) => [path, Beside(path, "order_items_dataset"), Beside(path, "order_payments_dataset"), Beside(path, "customers_dataset")];

    private static string Beside(string ordersPath, string part)
    {
        var name = Path.GetFileName(ordersPath);
        if (!name.Contains("orders_dataset", StringComparison.Ordinal))
            throw new ArgumentException($"The olist mapping reads an orders file named *orders_dataset*.csv (with its items, payments and customers files beside it), not {name}.");
        return Path.Combine(Path.GetDirectoryName(ordersPath) ?? ".", name.Replace("orders_dataset", part, StringComparison.Ordinal));
    }

    private sealed record Unit(string ProductId, string SellerId, decimal Price, decimal Freight);

    public ImportPlan Open(ImportSource source)
    {
        var files = FilesFor(source.Path);
        foreach (var file in files)
            if (!File.Exists(file)) throw new FileNotFoundException($"The olist mapping needs {Path.GetFileName(file)} beside the orders file.", file);

        var units = new Dictionary<string, List<Unit>>();
        using (var rows = new CsvRows(files[1]))
            while (rows.Read())
            {
                var orderId = rows.Text("order_id");
                if (!units.TryGetValue(orderId, out var list)) units[orderId] = list = [];
                // A unit whose price cannot be read leaves its order with a problem found at the order's line.
                list.Add(new Unit(rows.Text("product_id"), rows.Text("seller_id"),
                    decimal.TryParse(rows.Text("price"), System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : -1m,
                    decimal.TryParse(rows.Text("freight_value"), System.Globalization.CultureInfo.InvariantCulture, out var f) ? f : -1m));
            }
        var paid = new HashSet<string>();
        using (var rows = new CsvRows(files[2]))
            while (rows.Read()) paid.Add(rows.Text("order_id"));
        var customers = new Dictionary<string, (string Token, string Area)>();
        using (var rows = new CsvRows(files[3]))
            while (rows.Read())
                customers[rows.Text("customer_id")] = (rows.Text("customer_unique_id"), $"{rows.Text("customer_city")}, {rows.Text("customer_state")}");

        return new ImportPlan(CsvRows.CountLines(source.Path), Orders(source, units, paid, customers));
    }

    private static IEnumerable<ImportRecord> Orders(ImportSource source, Dictionary<string, List<Unit>> units, HashSet<string> paid,
        Dictionary<string, (string Token, string Area)> customers)
    {
        var sellersSeen = new HashSet<string>();
        using var rows = new CsvRows(source.Path);
        while (rows.Read())
        {
            ImportRecord record;
            try { record = Order(rows, source, units, paid, customers, sellersSeen); }
            catch (LineProblemException e) { record = ImportRecord.Rejected(rows.Line, e.Code, e.Message); }
            yield return record;
        }
    }

    private static ImportRecord Order(CsvRows row, ImportSource source, Dictionary<string, List<Unit>> units, HashSet<string> paid,
        Dictionary<string, (string Token, string Area)> customers, HashSet<string> sellersSeen)
    {
        var line = row.Line;
        var orderId = row.Required("order_id");
        var status = row.Required("order_status");
        if (!customers.TryGetValue(row.Required("customer_id"), out var customer))
            throw new LineProblemException("UNKNOWN_CUSTOMER", $"order {orderId}: its customer_id is not in the customers file.");
        if (!units.TryGetValue(orderId, out var orderUnits))
            throw new LineProblemException("NO_ITEMS", $"order {orderId} has no items in the items file.");
        if (orderUnits.Any(u => u.Price < 0 || u.Freight < 0 || u.SellerId.Length == 0 || u.ProductId.Length == 0))
            throw new LineProblemException("BAD_ITEM", $"order {orderId}: an item has no seller or product, or a price or freight that is not a number.");
        if (!paid.Contains(orderId))
            throw new LineProblemException("NO_PAYMENT", $"order {orderId} has no payment in the payments file.");
        var placedAt = LocalTimes.Parse("order_purchase_timestamp", row.Required("order_purchase_timestamp"), TimeFormat, Zone);
        DateTimeOffset? Time(string column) => row.Optional(column) is { } v ? LocalTimes.Parse(column, v, TimeFormat, Zone) : null;
        var approvedAt = Time("order_approved_at");
        var carrierAt = Time("order_delivered_carrier_date");
        var deliveredAt = Time("order_delivered_customer_date");
        if (status == "delivered" && deliveredAt is null)
            throw new LineProblemException("MISSING_FIELD", $"order {orderId} is delivered but 'order_delivered_customer_date' is empty.");

        var commands = new List<Command>();
        foreach (var seller in orderUnits.GroupBy(u => u.SellerId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var merchantId = MerchantIdOf(seller.Key);
            if (sellersSeen.Add(seller.Key))
                commands.Add(new RegisterMerchant(merchantId, $"Olist seller {seller.Key[..Math.Min(8, seller.Key.Length)]}", "marketplace",
                    Zone.Id, source.SourceId(line, $"merchant:{seller.Key}")));
            var items = seller.GroupBy(u => (u.ProductId, u.Price))
                .Select(g => new OrderItem(g.Key.ProductId, g.Count(), g.Key.Price)).ToList();
            var id = OrderIdOf(orderId, seller.Key);
            var part = seller.Key;
            commands.Add(new PlaceOrder(id, customer.Token, merchantId, items, new Money(Es.Domain.Order.ItemsTotal(items), Currency),
                customer.Area, placedAt, source.SourceId(line, $"placed:{part}")));
            if (carrierAt is { } pickedUp)
                commands.Add(new PickUpOrder(id, pickedUp, source.SourceId(line, $"picked-up:{part}")));
            if (status == "delivered")
                commands.Add(new DeliverOrder(id, deliveredAt!.Value, null,
                    new Money(seller.Sum(u => u.Freight), Currency), source.SourceId(line, $"delivered:{part}")));
            else if (status == "canceled")
            {
                var at = new[] { placedAt, approvedAt ?? placedAt, carrierAt ?? placedAt, deliveredAt ?? placedAt }.Max();
                commands.Add(new CancelOrder(id, "canceled in Olist", at, source.SourceId(line, $"cancelled:{part}")));
            }
        }
        return new ImportRecord(line, commands);
    }
}
