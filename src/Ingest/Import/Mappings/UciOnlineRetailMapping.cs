using Es.Domain;

namespace Es.Ingest.Import.Mappings;

/// <summary>
/// UCI Online Retail (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID,
/// Country): one unit per invoice, whose lines may lie anywhere in the file, at the invoice's first
/// line. An invoice becomes a PlaceOrder of its lines; a "C" invoice (a credit note) a RecordReturn of
/// the absolute quantities, naming no order. The shop is one merchant, <c>uci-online-retail</c>
/// (registered with the first unit), prices in GBP, times M/D/YYYY H:MM in Europe/London (an invoice's
/// time is its earliest line's); CustomerID is the customer token; invoices with CustomerID "NA" are
/// skipped (NO_CUSTOMER): spend cannot be attributed to nobody.
/// </summary>
public sealed class UciOnlineRetailMapping : IImportMapping
{
    public const string MerchantId = "uci-online-retail";
    public const string Currency = "GBP";
    public static readonly TimeZoneInfo Zone = LocalTimes.Zone("Europe/London");

    public string Name => "uci-online-retail";
    public ImportKind Kind => ImportKind.Orders;

    public IReadOnlyList<string> FilesFor(string path) => [path];

    public static Guid OrderIdOf(string invoice) => NameBasedGuid.Create($"{MerchantId}:invoice:{invoice}");

    public static Guid ReturnIdOf(string invoice) => NameBasedGuid.Create($"{MerchantId}:credit-note:{invoice}");

    private sealed record InvoiceLine(int Line, string Invoice, string Customer, OrderItem Item, DateTimeOffset At, string Country);

    public ImportPlan Open(ImportSource source)
    {
        // Lines of one invoice are scattered (the sample is a random draw): group first, in first-line order.
        var groups = new List<(int FirstLine, string Invoice, List<InvoiceLine> Lines, LineProblem? Problem, int ProblemLine)>();
        var byInvoice = new Dictionary<string, int>();
        using (var rows = new CsvRows(source.Path))
        {
            while (rows.Read())
            {
                string invoice;
                try { invoice = rows.Required("InvoiceNo"); }
                catch (LineProblemException e)
                {
                    groups.Add((rows.Line, $"#{rows.Line}", [], new LineProblem(e.Code, e.Message), rows.Line));
                    continue;
                }
                if (!byInvoice.TryGetValue(invoice, out var index))
                {
                    index = groups.Count;
                    byInvoice[invoice] = index;
                    groups.Add((rows.Line, invoice, [], null, 0));
                }
                var group = groups[index];
                if (group.Problem is not null) continue;
                try
                {
                    var description = rows.Text("Description").Trim();
                    var quantity = rows.Int("Quantity");
                    var item = new OrderItem(description.Length > 0 ? description : rows.Required("StockCode"),
                        invoice.StartsWith('C') ? Math.Abs(quantity) : quantity, rows.Decimal("UnitPrice"));
                    group.Lines.Add(new InvoiceLine(rows.Line, invoice, rows.Required("CustomerID"), item,
                        LocalTimes.Parse("InvoiceDate", rows.Required("InvoiceDate"), "M/d/yyyy H:mm", Zone), rows.Text("Country").Trim()));
                }
                catch (LineProblemException e)
                {
                    groups[index] = group with { Problem = new LineProblem(e.Code, $"line {rows.Line}: {e.Message}"), ProblemLine = rows.Line };
                }
            }
        }
        return new ImportPlan(groups.Count, Units(source, groups));
    }

    private static IEnumerable<ImportRecord> Units(ImportSource source,
        List<(int FirstLine, string Invoice, List<InvoiceLine> Lines, LineProblem? Problem, int ProblemLine)> groups)
    {
        var merchantRegistered = false;
        foreach (var (line, invoice, lines, problem, _) in groups)
        {
            if (problem is not null)
            {
                yield return ImportRecord.Rejected(line, problem.Code, problem.Message);
                continue;
            }
            var customer = lines[0].Customer;
            if (customer == "NA")
            {
                yield return ImportRecord.Skipped(line, "NO_CUSTOMER", $"invoice {invoice} names no customer (CustomerID NA).");
                continue;
            }
            var items = lines.Select(l => l.Item).ToList();
            var total = new Money(Order.ItemsTotal(items), Currency);
            var at = lines.Min(l => l.At);
            var country = lines[0].Country is { Length: > 0 } c ? c : "unknown";
            Command fact = invoice.StartsWith('C')
                ? new RecordReturn(ReturnIdOf(invoice), customer, MerchantId, items, total, at, null, source.SourceId(line))
                : new PlaceOrder(OrderIdOf(invoice), customer, MerchantId, items, total, country, at, source.SourceId(line));
            if (merchantRegistered)
                yield return ImportRecord.Of(line, fact);
            else
            {
                merchantRegistered = true;
                yield return ImportRecord.Of(line,
                    new RegisterMerchant(MerchantId, "UCI Online Retail", "online retail", Zone.Id, source.SourceId(line, "merchant")), fact);
            }
        }
    }
}
