using Es.Domain;

namespace Es.Ingest.Import.Mappings;

/// <summary>
/// Anyone's sales file, by column name (docs/ingest.md, "Generic sales CSV"): one fact per line,
/// <c>type</c> sale (the default), refund or cancel. Ids that are not GUIDs are turned into name-based
/// ones, so a source's own ids ("S-1042") work and stay the same on every import.
/// </summary>
public sealed class GenericSalesMapping : IImportMapping
{
    public string Name => "generic";
    public ImportKind Kind => ImportKind.Sales;

    public IReadOnlyList<string> FilesFor(string path) => [path];

    public static Guid SaleIdOf(string id) => Guid.TryParse(id, out var guid) ? guid : NameBasedGuid.Create($"generic:sale:{id}");

    public ImportPlan Open(ImportSource source) => new(CsvRows.CountLines(source.Path), Lines(source));

    private static IEnumerable<ImportRecord> Lines(ImportSource source)
    {
        var merchants = new HashSet<string>();
        using var rows = new CsvRows(source.Path);
        foreach (var required in new[] { "sale_id", "at" })
            if (!rows.Has(required))
                throw new InvalidDataException($"A generic sales file needs a '{required}' column (docs/ingest.md); it has: {string.Join(", ", rows.Columns)}.");
        while (rows.Read())
        {
            ImportRecord record;
            try { record = Line(rows, source, merchants); }
            catch (LineProblemException e) { record = ImportRecord.Rejected(rows.Line, e.Code, e.Message); }
            yield return record;
        }
    }

    private static ImportRecord Line(CsvRows row, ImportSource source, HashSet<string> merchants)
    {
        var line = row.Line;
        var saleId = SaleIdOf(row.Required("sale_id"));
        var at = GenericColumns.Instant(row, "at");
        var sourceId = source.SourceId(line);
        switch (row.Optional("type") ?? "sale")
        {
            case "sale":
            {
                var merchantId = row.Required("merchant_id");
                var commands = new List<Command>();
                if (GenericColumns.Merchant(row, merchantId, "merchant_name", "merchant_category", "merchant_time_zone", source, line, merchants) is { } register)
                    commands.Add(register);
                commands.Add(new RecordSale(saleId, merchantId, row.Required("platform"), row.Required("customer_token"),
                    GenericColumns.Money(row, "amount"), at, sourceId));
                return new ImportRecord(line, commands);
            }
            case "refund":
                return ImportRecord.Of(line, new RefundSale(saleId, row.Required("refund_id"), GenericColumns.Money(row, "amount"), at, sourceId));
            case "cancel":
                return ImportRecord.Of(line, new CancelSale(saleId, row.Optional("reason") ?? "cancelled at the source", at, sourceId));
            case var other:
                throw new LineProblemException("BAD_VALUE", $"'type' is sale, refund or cancel, not \"{other}\".");
        }
    }
}

/// <summary>Columns the generic sales and orders files share: times, money, a merchant's registration.</summary>
internal static class GenericColumns
{
    /// <summary>ISO 8601 with an offset; or local, in the row's <c>time_zone</c> column (an IANA id).</summary>
    public static DateTimeOffset Instant(CsvRows row, string column)
    {
        var value = row.Required(column);
        TimeZoneInfo? zone = null;
        if (row.Optional("time_zone") is { } zoneId)
            zone = Es.Domain.Merchant.IsKnownTimeZone(zoneId) ? LocalTimes.Zone(zoneId)
                : throw new LineProblemException("UNKNOWN_TIME_ZONE", $"'time_zone' is not an IANA zone id: \"{zoneId}\".");
        return LocalTimes.ParseIso(column, value, zone);
    }

    public static Money Money(CsvRows row, string amountColumn, string currencyColumn = "currency") =>
        new(row.Decimal(amountColumn), row.Required(currencyColumn).ToUpperInvariant());

    /// <summary>A RegisterMerchant for the first line naming a merchant with its details; null when the file gives none or named it before.</summary>
    public static RegisterMerchant? Merchant(CsvRows row, string merchantId, string nameColumn, string categoryColumn, string zoneColumn,
        ImportSource source, int line, HashSet<string> seen)
    {
        if (row.Optional(nameColumn) is not { } name || !seen.Add(merchantId)) return null;
        return new RegisterMerchant(merchantId, name, row.Required(categoryColumn), row.Required(zoneColumn), source.SourceId(line, "merchant"));
    }
}
