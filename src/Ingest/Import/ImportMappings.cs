using Es.Ingest.Import.Mappings;

namespace Es.Ingest.Import;

/// <summary>The mappings <c>es import</c> knows, by name, and which one a file's header points to when none is named.</summary>
public static class ImportMappings
{
    public static readonly IReadOnlyList<IImportMapping> All =
    [
        new UciOnlineRetailMapping(),
        new OlistMapping(),
        new FoodHubMapping(),
        new GenericSalesMapping(),
        new GenericOrdersMapping(),
        new JsonLinesMapping(ImportKind.Sales),
        new JsonLinesMapping(ImportKind.Orders),
    ];

    public static IEnumerable<string> Names => All.Select(m => m.Name).Distinct();

    /// <summary>The mapping named <paramref name="name"/> for <paramref name="kind"/>; without a name, the one the file's header matches (generic otherwise).</summary>
    /// <exception cref="ArgumentException">No such mapping, or it imports the other kind.</exception>
    public static IImportMapping For(ImportKind kind, string? name, string path)
    {
        name ??= Detect(path);
        var named = All.Where(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (named.Count == 0)
            throw new ArgumentException($"No mapping '{name}'; known: {string.Join(", ", Names)}.");
        return named.FirstOrDefault(m => m.Kind == kind)
            ?? throw new ArgumentException($"The {named[0].Name} mapping imports {named[0].Kind.ToString().ToLowerInvariant()}, not {kind.ToString().ToLowerInvariant()}.");
    }

    /// <summary>A <c>.jsonl</c> or <c>.ndjson</c> file: contract messages, one a line.</summary>
    public static bool IsJsonLines(string path) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson";

    /// <summary>The sample mapping whose tell-tale columns the header has; generic otherwise.</summary>
    public static string Detect(string path)
    {
        if (IsJsonLines(path)) return JsonLinesMapping.MappingName;
        return DetectCsv(path);
    }

    /// <summary>The CSV mapping a header points to: a sample's tell-tale columns, generic otherwise.</summary>
    public static string DetectCsv(string path)
    {
        var header = File.ReadLines(path).FirstOrDefault() ?? "";
        bool Has(params string[] columns) => columns.All(c => header.Contains(c, StringComparison.Ordinal));
        if (Has("InvoiceNo", "StockCode", "CustomerID")) return "uci-online-retail";
        if (Has("order_purchase_timestamp", "order_status")) return "olist";
        if (Has("restaurant_name", "cuisine_type", "food_preparation_time")) return "foodhub";
        return "generic";
    }
}
