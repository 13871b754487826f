using System.Text.RegularExpressions;
using Es.Domain;

namespace Es.Ingest.Import.Mappings;

/// <summary>
/// Anyone's orders file, by column name (docs/ingest.md, "Generic orders CSV"): one fact per line,
/// <c>type</c> placed (the default), picked_up, delivered, cancelled or rated. Items are written
/// <c>2 x Bibimbap @ 9.50; 1 x Tea @ 2.00</c>; a <c>total</c> column, when given, must equal them.
/// </summary>
public sealed partial class GenericOrdersMapping : IImportMapping
{
    public string Name => "generic";
    public ImportKind Kind => ImportKind.Orders;

    public IReadOnlyList<string> FilesFor(string path) => [path];

    public static Guid OrderIdOf(string id) => Guid.TryParse(id, out var guid) ? guid : NameBasedGuid.Create($"generic:order:{id}");

    public ImportPlan Open(ImportSource source) => new(CsvRows.CountLines(source.Path), Lines(source));

    private static IEnumerable<ImportRecord> Lines(ImportSource source)
    {
        var restaurants = new HashSet<string>();
        using var rows = new CsvRows(source.Path);
        foreach (var required in new[] { "order_id", "at" })
            if (!rows.Has(required))
                throw new InvalidDataException($"A generic orders file needs an '{required}' column (docs/ingest.md); it has: {string.Join(", ", rows.Columns)}.");
        while (rows.Read())
        {
            ImportRecord record;
            try { record = Line(rows, source, restaurants); }
            catch (LineProblemException e) { record = ImportRecord.Rejected(rows.Line, e.Code, e.Message); }
            yield return record;
        }
    }

    [GeneratedRegex(@"^\s*(?<qty>-?\d+)\s*[xX×]\s*(?<name>.+?)\s*@\s*(?<price>-?[0-9]+(\.[0-9]+)?)\s*$")]
    private static partial Regex ItemPattern();

    public static IReadOnlyList<OrderItem> Items(string text)
    {
        var items = new List<OrderItem>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var m = ItemPattern().Match(part);
            if (!m.Success)
                throw new LineProblemException("BAD_ITEMS", $"'items' must read like \"2 x Bibimbap @ 9.50; 1 x Tea @ 2.00\"; \"{part}\" does not.");
            items.Add(new OrderItem(m.Groups["name"].Value, CsvRows.ParseInt("items", m.Groups["qty"].Value), CsvRows.ParseDecimal("items", m.Groups["price"].Value)));
        }
        return items.Count > 0 ? items : throw new LineProblemException("MISSING_FIELD", "'items' is empty.");
    }

    private static ImportRecord Line(CsvRows row, ImportSource source, HashSet<string> restaurants)
    {
        var line = row.Line;
        var orderId = OrderIdOf(row.Required("order_id"));
        var at = GenericColumns.Instant(row, "at");
        var sourceId = source.SourceId(line);
        switch (row.Optional("type") ?? "placed")
        {
            case "placed":
            {
                var restaurantId = row.Required("restaurant_id");
                var currency = row.Required("currency").ToUpperInvariant();
                var items = Items(row.Required("items"));
                // A stated total is passed on as stated: the domain refuses one that is not Σ quantity × price (TOTAL_MISMATCH).
                var total = row.Optional("total") is { } stated ? CsvRows.ParseDecimal("total", stated) : Es.Domain.Order.ItemsTotal(items);
                var commands = new List<Command>();
                if (GenericColumns.Merchant(row, restaurantId, "restaurant_name", "cuisine", "restaurant_time_zone", source, line, restaurants) is { } register)
                    commands.Add(register);
                commands.Add(new PlaceOrder(orderId, row.Required("customer_token"), restaurantId, items, new Money(total, currency),
                    row.Optional("address_area") ?? "unknown", at, sourceId));
                return new ImportRecord(line, commands);
            }
            case "picked_up":
                return ImportRecord.Of(line, new PickUpOrder(orderId, at, sourceId));
            case "delivered":
                return ImportRecord.Of(line, new DeliverOrder(orderId, at, row.Optional("distance_km") is { } km ? CsvRows.ParseDecimal("distance_km", km) : null,
                    new Money(row.Optional("fee") is { } fee ? CsvRows.ParseDecimal("fee", fee) : 0m, row.Required("currency").ToUpperInvariant()), sourceId));
            case "cancelled":
                return ImportRecord.Of(line, new CancelOrder(orderId, row.Optional("reason") ?? "cancelled at the source", at, sourceId));
            case "rated":
                return ImportRecord.Of(line, new RateOrder(orderId, row.Int("rating"), at, sourceId));
            case var other:
                throw new LineProblemException("BAD_VALUE", $"'type' is placed, picked_up, delivered, cancelled or rated, not \"{other}\".");
        }
    }
}
