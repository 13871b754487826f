using System.Globalization;
using System.Text;
using Es.Api.Accounts;
using Es.Api.Tests.Samples;
using Es.Api.Tests.Trends;
using Es.Commands;
using Es.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Customers;

/// <summary>
/// The UCI Online Retail sample (../shared/data/uci_online_retail_sample.csv) imported as orders
/// through the command pipeline, with the mapping written here: each invoice is a PlaceOrder of its
/// lines (merchant "uci-online-retail", GBP, customer token = CustomerID, invoice time M/D/YYYY H:MM in
/// Europe/London); a "C" invoice is a RecordReturn of the absolute quantities; rows without a
/// CustomerID ("NA") are skipped; zero-price lines are kept. Then spend, orders, recency and the R, F,
/// M scores of five named customers against a computation over the CSV rows in plain LINQ.
/// </summary>
public sealed class UciOnlineRetailSpendTests(ClockedApiHost api) : IClassFixture<ClockedApiHost>
{
    private const string FileName = "uci_online_retail_sample.csv";
    private const string Merchant = "uci-online-retail";

    // The busiest customer, the next two by invoices, and two with both purchases and returns.
    private static readonly string[] Named = ["17841", "14911", "12748", "15555", "14156"];

    private sealed record Row(string Invoice, string Description, int Quantity, DateTimeOffset At, decimal UnitPrice, string Customer, string Country, int Line)
    {
        public bool IsReturn => Invoice.StartsWith('C');
    }

    private static List<Row> Read()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var lines = File.ReadAllLines(HackerNewsSample.Path().Replace(HackerNewsSample.FileName, FileName), Encoding.UTF8);
        var header = Fields(lines[0]);
        int Col(string name) => header.IndexOf(name);
        var (invoice, description, quantity, date, price, customer, country) =
            (Col("InvoiceNo"), Col("Description"), Col("Quantity"), Col("InvoiceDate"), Col("UnitPrice"), Col("CustomerID"), Col("Country"));
        return lines.Skip(1).Select((line, i) =>
        {
            var f = Fields(line);
            var local = DateTime.ParseExact(f[date], "M/d/yyyy H:mm", CultureInfo.InvariantCulture);
            return new Row(f[invoice], f[description], int.Parse(f[quantity], CultureInfo.InvariantCulture),
                new DateTimeOffset(local, london.GetUtcOffset(local)), decimal.Parse(f[price], CultureInfo.InvariantCulture), f[customer], f[country], i + 2);
        }).ToList();
    }

    /// <summary>One CSV line: fields in double quotes may hold commas and doubled quotes (none of this file's fields holds a line break).</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }

    [Fact]
    public async Task Spend_orders_recency_and_RFM_scores_of_five_customers_match_a_computation_over_the_csv()
    {
        var rows = Read();
        Assert.Equal(2_709, rows.Count);
        var known = rows.Where(r => r.Customer != "NA").ToList();

        var pipeline = api.Host.Services.GetRequiredService<CommandPipeline>();
        foreach (var invoice in known.GroupBy(r => r.Invoice))
        {
            var first = invoice.First();
            var items = invoice.Select(r => new OrderItem(r.Description, Math.Abs(r.Quantity), r.UnitPrice)).ToList();
            var total = new Money(items.Sum(i => i.Quantity * i.UnitPrice), "GBP");
            var source = $"file:{FileName}#{first.Line}";
            Command command = first.IsReturn
                ? new RecordReturn(NameBasedGuid.Create($"uci-return:{invoice.Key}"), first.Customer, Merchant, items, total, first.At, null, source)
                : new PlaceOrder(NameBasedGuid.Create($"uci-invoice:{invoice.Key}"), first.Customer, Merchant, items, total, first.Country, first.At, source);
            var result = await pipeline.SendAsync(command, new CommandContext(Actor.System(source), source) { IdempotencyKey = source });
            Assert.True(result.Succeeded, $"invoice {invoice.Key}: {string.Join("; ", result.Rejections.Select(r => r.Message))}");
        }
        await api.WaitForAsync("customer_spend");

        // The independent computation: plain LINQ over the rows.
        var customers = known.GroupBy(r => r.Customer).Select(g => (
            Customer: g.Key,
            Spend: g.Sum(r => r.Quantity * r.UnitPrice),  // a "C" row's quantity is negative: a return is a credit
            Orders: g.Where(r => !r.IsReturn).Select(r => r.Invoice).Distinct().Count(),
            Last: g.Where(r => !r.IsReturn).Select(r => (DateTimeOffset?)r.At).Max())).ToList();
        Assert.Equal(1_171, customers.Count);
        var population = customers.Where(c => c.Orders > 0).ToList();
        var asOf = population.Max(c => c.Last!.Value);
        int RecencyDays(DateTimeOffset last) => (int)Math.Floor((asOf - last).TotalDays);
        // Quintile score: 1 + floor(5 × (customers strictly worse) / n).
        int Score(int worse) => 1 + 5 * worse / population.Count;

        var auditor = await AuditorAsync();
        foreach (var name in Named)
        {
            var c = population.Single(p => p.Customer == name);
            var recency = RecencyDays(c.Last!.Value);
            var r = Score(population.Count(p => RecencyDays(p.Last!.Value) > recency));
            var f = Score(population.Count(p => p.Orders < c.Orders));
            var m = Score(population.Count(p => p.Spend < c.Spend));

            var account = (await api.DataAsync("query($t: String!) { customer(token: $t) { accounts { currency spend orders lastPurchaseAt rfm { asOf recencyDays recency frequency monetary } } } }",
                new { t = name }, auditor)).GetProperty("customer").GetProperty("accounts")[0];
            var rfm = account.GetProperty("rfm");
            Assert.Equal(asOf, rfm.GetProperty("asOf").GetDateTimeOffset());
            Assert.True((c.Spend, c.Orders, c.Last!.Value, recency, r, f, m) == (account.GetProperty("spend").GetDecimal(), account.GetProperty("orders").GetInt32(),
                account.GetProperty("lastPurchaseAt").GetDateTimeOffset(), rfm.GetProperty("recencyDays").GetInt32(), rfm.GetProperty("recency").GetInt32(),
                rfm.GetProperty("frequency").GetInt32(), rfm.GetProperty("monetary").GetInt32()),
                $"{name}: expected spend {c.Spend}, {c.Orders} orders, {recency} days, R{r} F{f} M{m}; got {account}");
        }

        // And the top ten by spend (ties: token).
        var expectedTop = population.OrderByDescending(c => c.Spend).ThenBy(c => c.Customer, StringComparer.Ordinal).Take(10).Select(c => (c.Customer, c.Spend));
        var top = (await api.DataAsync("query { topCustomers(first: 10) { customer spend } }", token: auditor)).GetProperty("topCustomers").EnumerateArray()
            .Select(t => (t.GetProperty("customer").GetString()!, t.GetProperty("spend").GetDecimal()));
        Assert.Equal(expectedTop, top);
    }

    private async Task<string> AuditorAsync()
    {
        var member = await api.SignUpAsync("uci_auditor");
        await api.Host.Services.GetRequiredService<AccountStore>().SetRolesAsync(Guid.Parse(member.Id), ["auditor"], default);
        return await api.SignInAsync("uci_auditor");
    }
}
