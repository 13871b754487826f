using System.Globalization;
using Es.Domain;
using Es.Ingest.Import;

namespace Es.Ingest.Tests.Import;

public sealed class UciImportTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task Uci_sample_stores_each_invoice_with_a_customer_once_skips_NA_invoices_and_a_renamed_copy_stores_nothing_new()
    {
        var rows = SampleData.Read("uci_online_retail_sample.csv");
        var invoices = rows.GroupBy(r => r["InvoiceNo"]).ToList();
        var withCustomer = invoices.Where(g => g.First()["CustomerID"] != "NA").ToList();
        var creditNotes = withCustomer.Count(g => g.Key.StartsWith('C'));
        var orders = withCustomer.Count - creditNotes;
        var skipped = invoices.Count - withCustomer.Count;
        var orderedAmount = withCustomer.Where(g => !g.Key.StartsWith('C'))
            .Sum(g => g.Sum(r => int.Parse(r["Quantity"], CultureInfo.InvariantCulture) * decimal.Parse(r["UnitPrice"], CultureInfo.InvariantCulture)));
        Assert.Equal(2231, invoices.Count); // the sample's profile (README): the test reads the file it thinks it reads

        var observer = new RecordingObserver();
        var summary = await db.Importer().RunAsync(new ImportRequest(ImportKind.Orders, SampleData.Path("uci_online_retail_sample.csv")), observer);

        Assert.Equal("uci-online-retail", summary.Mapping); // detected from the header
        Assert.Equal(withCustomer.Count, summary.Stored);
        Assert.Equal(skipped, summary.Skipped);
        Assert.Equal(skipped, summary.SkippedBy["NO_CUSTOMER"]);
        Assert.Equal(0, summary.Rejected);
        Assert.Equal(0, summary.AlreadyKnown);
        Assert.All(observer.Problems, p => Assert.True(p.Skipped));
        var counts = await db.EventCountsAsync();
        Assert.Equal(orders, counts[ImportFixture.TypeName<OrderPlaced>()]);
        Assert.Equal(creditNotes, counts[ImportFixture.TypeName<ReturnRecorded>()]);
        Assert.Equal(1, counts[ImportFixture.TypeName<MerchantRegistered>()]);
        Assert.Equal(orderedAmount, await db.ScalarAsync<decimal>(
            "SELECT sum((data->'total'->>'amount')::numeric) FROM {schema}.mt_events WHERE type = 'OrderPlaced'"));
        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM {schema}.mt_events WHERE type = 'OrderPlaced' AND data->'total'->>'currency' <> 'GBP'"));

        // The same content under another name: every line is known already, nothing is appended.
        var copy = Path.Combine(db.TempFolder, "retail-copy.csv");
        File.Copy(SampleData.Path("uci_online_retail_sample.csv"), copy);
        var again = await db.Importer().RunAsync(new ImportRequest(ImportKind.Orders, copy, "uci-online-retail"));
        Assert.Equal(withCustomer.Count, again.AlreadyKnown);
        Assert.Equal(0, again.Stored);
        Assert.Equal(0, again.EventsAppended);
        Assert.Equal(counts, await db.EventCountsAsync());
    }
}

public sealed class FoodHubImportTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task FoodHub_sample_registers_each_restaurant_and_places_picks_up_delivers_every_order_and_rates_the_rated_ones()
    {
        var rows = SampleData.Read("foodhub_order.csv");
        var rated = rows.Count(r => r["rating"] != "Not given");

        var summary = await db.Importer().RunAsync(new ImportRequest(ImportKind.Orders, SampleData.Path("foodhub_order.csv"), "foodhub"));

        Assert.Equal(rows.Count, summary.Stored);
        Assert.Equal(0, summary.Rejected + summary.Skipped + summary.AlreadyKnown);
        var counts = await db.EventCountsAsync();
        Assert.Equal(rows.Select(r => r["restaurant_name"]).Distinct().Count(), counts[ImportFixture.TypeName<MerchantRegistered>()]);
        Assert.Equal(rows.Count, counts[ImportFixture.TypeName<OrderPlaced>()]);
        Assert.Equal(rows.Count, counts[ImportFixture.TypeName<OrderPickedUp>()]);
        Assert.Equal(rows.Count, counts[ImportFixture.TypeName<OrderDelivered>()]);
        Assert.Equal(rated, counts[ImportFixture.TypeName<OrderRated>()]);
        Assert.Equal(rows.Sum(r => decimal.Parse(r["cost_of_the_order"], CultureInfo.InvariantCulture)), await db.ScalarAsync<decimal>(
            "SELECT sum((data->'total'->>'amount')::numeric) FROM {schema}.mt_events WHERE type = 'OrderPlaced'"));
        // Delivered - placed = preparation + delivery minutes, order by order.
        var minutes = rows.Sum(r => int.Parse(r["food_preparation_time"]) + int.Parse(r["delivery_time"]));
        Assert.Equal(minutes, await db.ScalarAsync<decimal>("""
            SELECT sum(extract(epoch FROM (d.data->>'deliveredAt')::timestamptz - (p.data->>'placedAt')::timestamptz) / 60)
            FROM {schema}.mt_events p JOIN {schema}.mt_events d ON d.stream_id = p.stream_id AND d.type = 'OrderDelivered_v2'
            WHERE p.type = 'OrderPlaced'
            """));
        // FoodHub gives no distance: every delivery is stored with none (OrderDelivered version 2).
        Assert.Equal(rows.Count, await db.ScalarAsync<long>("SELECT count(*) FROM {schema}.mt_events WHERE type = 'OrderDelivered_v2' AND data->>'distanceKm' IS NULL"));
    }
}

public sealed class OlistImportTests(ImportFixture db) : IClassFixture<ImportFixture>
{
    [Fact]
    public async Task Olist_sample_splits_orders_by_seller_and_reports_the_orders_whose_times_break_the_order_of_events()
    {
        var orders = SampleData.Read("olist_sample_olist_orders_dataset.csv");
        var items = SampleData.Read("olist_sample_olist_order_items_dataset.csv").ToLookup(i => i["order_id"]);
        // Times are compared as local Sao Paulo wall-clock strings (yyyy-MM-dd HH:mm:ss sorts as text).
        bool MissingDelivery(Dictionary<string, string> o) => o["order_status"] == "delivered" && o["order_delivered_customer_date"] == "";
        bool PickedUpBeforePlaced(Dictionary<string, string> o) =>
            o["order_delivered_carrier_date"] != "" && string.CompareOrdinal(o["order_delivered_carrier_date"], o["order_purchase_timestamp"]) < 0;
        bool DeliveredTooEarly(Dictionary<string, string> o) => o["order_delivered_customer_date"] != ""
            && (string.CompareOrdinal(o["order_delivered_customer_date"], o["order_purchase_timestamp"]) <= 0
                || o["order_delivered_carrier_date"] != "" && string.CompareOrdinal(o["order_delivered_customer_date"], o["order_delivered_carrier_date"]) < 0);
        var missing = orders.Count(MissingDelivery);
        var broken = orders.Count(o => !MissingDelivery(o) && (PickedUpBeforePlaced(o) || DeliveredTooEarly(o)));
        var sellerParts = orders.Where(o => !MissingDelivery(o)).Sum(o => items[o["order_id"]].Select(i => i["seller_id"]).Distinct().Count());
        var sellers = orders.Where(o => !MissingDelivery(o)).SelectMany(o => items[o["order_id"]].Select(i => i["seller_id"])).Distinct().Count();
        Assert.True(broken > 0 && missing > 0 && sellerParts > orders.Count, "the sample has the cases this test is about");

        var observer = new RecordingObserver();
        var summary = await db.Importer().RunAsync(
            new ImportRequest(ImportKind.Orders, SampleData.Path("olist_sample_olist_orders_dataset.csv")), observer);

        Assert.Equal("olist", summary.Mapping);
        Assert.Equal(orders.Count - missing - broken, summary.Stored);
        Assert.Equal(missing + broken, summary.Rejected);
        Assert.Equal(missing, summary.RejectedBy["MISSING_FIELD"]);
        Assert.Equal(broken, summary.RejectedBy.GetValueOrDefault(Order.Reasons.PickedUpBeforePlaced)
            + summary.RejectedBy.GetValueOrDefault(Order.Reasons.DeliveredBeforePickedUp)
            + summary.RejectedBy.GetValueOrDefault(Order.Reasons.DeliveredBeforePlaced));
        // Each rejection names the orders file's line of its order.
        var line = orders.FindIndex(MissingDelivery) + 2;
        Assert.Contains(observer.Problems, p => p.Line == line && p.Code == "MISSING_FIELD");
        var counts = await db.EventCountsAsync();
        Assert.Equal(sellerParts, counts[ImportFixture.TypeName<OrderPlaced>()]);
        Assert.Equal(sellers, counts[ImportFixture.TypeName<MerchantRegistered>()]);
    }
}
