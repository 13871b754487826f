using System.Text;
using Es.Domain;
using Es.Ingest.Contracts;
using Es.Ingest.Generation;

namespace Es.Ingest.Tests.Generation;

public sealed class GeneratorOutputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("es-generate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(string Folder, GenerationSummary Summary)> GenerateAsync(string name, GeneratorOptions options)
    {
        var folder = Path.Combine(_folder, name);
        GenerationSummary summary;
        await using (var sink = new GeneratedJsonLines(folder))
            summary = await CommerceOutput.WriteAsync(options, sink, Path.Combine(folder, AnomalyLabels.FileName));
        return (folder, summary);
    }

    [Fact]
    public async Task The_same_seed_writes_byte_identical_files_and_another_seed_does_not()
    {
        var (first, _) = await GenerateAsync("a", GeneratedFiles.Small(11));
        var (second, _) = await GenerateAsync("b", GeneratedFiles.Small(11));
        var (other, _) = await GenerateAsync("c", GeneratedFiles.Small(12));

        foreach (var file in new[] { GeneratedJsonLines.SalesFile, GeneratedJsonLines.OrdersFile, AnomalyLabels.FileName })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(first, file));
            Assert.True(bytes.Length > 0, file);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(second, file)));
            Assert.NotEqual(bytes, await File.ReadAllBytesAsync(Path.Combine(other, file)));
        }
    }

    [Fact]
    public async Task Sales_and_orders_go_to_their_own_file_as_contract_messages_keyed_and_identified_as_the_generator_made_them()
    {
        var options = GeneratedFiles.Small(21);
        var (folder, summary) = await GenerateAsync("files", options);
        var sales = GeneratedFiles.Read(Path.Combine(folder, GeneratedJsonLines.SalesFile));
        var orders = GeneratedFiles.Read(Path.Combine(folder, GeneratedJsonLines.OrdersFile));

        Assert.Equal(summary.SalesMessages, sales.Count);
        Assert.Equal(summary.OrdersMessages, orders.Count);
        Assert.All(sales, l => Assert.True(l.Type.StartsWith("sale.") || l.Type == "merchant.registered", l.Type));
        Assert.All(orders, l => Assert.True(l.Type.StartsWith("order.") || l.Type == "merchant.registered", l.Type));
        // Each topic registers its own merchants first: card merchants with the sales, restaurants with the orders.
        Assert.Equal(options.Merchants, sales.TakeWhile(l => l.Type == "merchant.registered").Count());
        Assert.Equal(options.Restaurants, orders.TakeWhile(l => l.Type == "merchant.registered").Count());
        Assert.All(sales.Concat(orders), l => Assert.Equal(1, l.Json.GetProperty("version").GetInt32()));
        // Every message has the generator's source id as its id, once.
        var ids = sales.Concat(orders).Select(l => l.Id).ToList();
        Assert.All(ids, id => Assert.StartsWith($"gen:{options.Seed}/", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var text = await File.ReadAllTextAsync(Path.Combine(folder, GeneratedJsonLines.SalesFile));
        Assert.DoesNotContain('\r', text);
        Assert.False(text.StartsWith('\uFEFF'));
    }

    [Fact]
    public void Each_generated_message_reads_back_into_the_command_it_was_written_from_keyed_by_its_stream()
    {
        var contracts = new IngestContracts();
        var seen = new HashSet<string>();
        foreach (var m in GeneratedMessages.From(new CommerceGenerator(GeneratedFiles.Small(31))))
        {
            var parsed = contracts.Parse(m.Message.Topic, m.Message.Value, "unused/0/0");
            Assert.Null(parsed.Violation);
            Assert.Equal(m.MessageId, parsed.MessageId);
            Assert.Equivalent(m.Command, parsed.Command, strict: true);
            var expectedKey = m.Command switch
            {
                RecordSale c => $"sale-{c.SaleId}",
                RefundSale c => $"sale-{c.SaleId}",
                CancelSale c => $"sale-{c.SaleId}",
                OrderCommand c => $"order-{c.OrderId}",
                RegisterMerchant c => $"merchant-{c.MerchantId}",
                _ => throw new InvalidOperationException(m.Command.GetType().Name),
            };
            Assert.Equal(expectedKey, m.Message.Key);
            seen.Add(m.Command.GetType().Name);
        }
        Assert.Superset(new HashSet<string> { "RegisterMerchant", "RecordSale", "RefundSale", "CancelSale", "PlaceOrder", "PickUpOrder", "DeliverOrder", "CancelOrder", "RateOrder" }, seen);
    }

    [Fact]
    public void A_sale_is_written_in_minor_units_with_its_instant_in_utc()
    {
        var sale = new RecordSale(Guid.Parse("0b6f2c1e-8d4a-4c55-9a0e-3f1d2b7c9e10"), "m-1", "pos", "card-1", new Money(12.50m, "EUR"),
            new DateTimeOffset(2026, 11, 2, 11, 0, 0, TimeSpan.Zero), "gen:1/7");

        var message = new IngestContracts().Write(IngestTopics.Sales, sale, "gen:1/7");

        Assert.Equal("sale-0b6f2c1e-8d4a-4c55-9a0e-3f1d2b7c9e10", message.Key);
        Assert.Equal("""{"type":"sale.recorded","version":1,"id":"gen:1/7","saleId":"0b6f2c1e-8d4a-4c55-9a0e-3f1d2b7c9e10","merchantId":"m-1","platform":"pos","customerToken":"card-1","amountMinor":1250,"currency":"EUR","approvedAt":"2026-11-02T11:00:00Z"}""",
            Encoding.UTF8.GetString(message.Value));
    }

    [Fact]
    public async Task The_labels_file_holds_every_injected_anomaly_with_the_message_that_completes_it()
    {
        var options = GeneratedFiles.Small(41);
        var (folder, summary) = await GenerateAsync("labels", options);
        var expected = new CommerceGenerator(options).Generate().Where(g => g.Label is not null).Select(g => g.Label!).ToList();
        var messages = GeneratedFiles.Read(Path.Combine(folder, GeneratedJsonLines.SalesFile))
            .Concat(GeneratedFiles.Read(Path.Combine(folder, GeneratedJsonLines.OrdersFile)))
            .ToDictionary(l => l.Id!);

        var labels = AnomalyLabels.Read(Path.Combine(folder, AnomalyLabels.FileName));

        Assert.Equal(summary.Labels, labels.Count);
        Assert.All(File.ReadLines(Path.Combine(folder, AnomalyLabels.FileName)), line =>
            Assert.Equal(["kind", "merchantId", "ids", "messageId"], System.Text.Json.JsonDocument.Parse(line).RootElement.EnumerateObject()
                .Select(p => p.Name).Where(n => n != "day")));
        Assert.Equal(expected.Select(l => (l.Kind, l.MerchantId, string.Join(",", l.Ids), l.Day)),
            labels.Select(l => (l.Kind, l.MerchantId, string.Join(",", l.Ids), l.Day)));
        foreach (var label in labels)
        {
            // The message named is the one that completes the anomaly: the flagged sale (last of the ids), the
            // refund asking too much, the implausible delivery, or one of a shifted day's sales.
            var message = messages[label.MessageId];
            var (type, idField) = label.Kind switch
            {
                AnomalyKind.RefundOverRemaining => ("sale.refunded", "saleId"),
                AnomalyKind.ImplausibleDelivery => ("order.delivered", "orderId"),
                _ => ("sale.recorded", "saleId"),
            };
            Assert.Equal(type, message.Type);
            var id = Guid.Parse(message.Json.GetProperty(idField).GetString()!);
            if (label.Kind == AnomalyKind.TicketShift) Assert.Contains(id, label.Ids);
            else Assert.Equal(label.Ids[^1], id);
        }
        Assert.Contains(labels, l => l.Kind == AnomalyKind.DuplicateSale);
        Assert.Contains(labels, l => l.Kind == AnomalyKind.RefundOverRemaining);
        Assert.Contains(labels, l => l.Kind == AnomalyKind.ImplausibleDelivery);
    }
}
