using System.Text.Json;
using Confluent.Kafka;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Es.Api.Tests.Ingest;

/// <summary>The host with Kafka ingest on and no Kafka configured: it starts the embedded mock cluster.</summary>
public sealed class IngestHost : ApiHost
{
    protected override void Configure(IWebHostBuilder web)
    {
        web.UseSetting("Es:Kafka:Enabled", "true");
        web.UseSetting("Es:Kafka:SalesTopic", "sales-" + Schema);
        web.UseSetting("Es:Kafka:OrdersTopic", "orders-" + Schema);
    }
}

public sealed class IngestHostTests(IngestHost api) : IClassFixture<IngestHost>
{
    [Fact]
    public async Task Sales_and_orders_produced_into_the_embedded_cluster_reach_the_event_counts_read_model_and_health_shows_the_consumer()
    {
        var bootstrap = await HealthIngestAsync(h => h.GetProperty("data").GetProperty("bootstrapServers").GetString() is { Length: > 0 });
        var servers = bootstrap.GetProperty("data").GetProperty("bootstrapServers").GetString()!;
        var sales = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        var order = Guid.NewGuid();
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = servers }).Build())
        {
            foreach (var (s, i) in sales.Select((s, i) => (s, i)))
                await producer.ProduceAsync("sales-" + api.Schema, new Message<string, string>
                {
                    Key = $"sale-{s}",
                    Value = JsonSerializer.Serialize(new
                    {
                        type = "sale.recorded", version = 1, saleId = s, merchantId = "m-1", platform = "visa", customerToken = "c-" + i,
                        amountMinor = 1000 + i, currency = "EUR", approvedAt = "2026-11-02T12:00:00Z",
                    }),
                });
            await producer.ProduceAsync("orders-" + api.Schema, new Message<string, string>
            {
                Key = $"order-{order}",
                Value = JsonSerializer.Serialize(new
                {
                    type = "order.placed", version = 1, orderId = order, customerToken = "c-9", restaurantId = "r-1",
                    items = new[] { new { name = "Pho", quantity = 1, unitPriceMinor = 1300 } }, totalMinor = 1300, currency = "EUR",
                    addressArea = "north", placedAt = "2026-11-02T19:00:00Z",
                }),
            });
        }

        await using var dataSource = NpgsqlDataSource.Create(ApiHost.ConnectionString);
        var counts = new Dictionary<string, long>();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until && !(counts.GetValueOrDefault("SaleRecorded") == 5 && counts.GetValueOrDefault("OrderPlaced") == 1))
        {
            await Task.Delay(250);
            counts.Clear();
            try
            {
                await using var cmd = dataSource.CreateCommand($"SELECT key, count FROM {api.Schema}.event_counts");
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) counts[r.GetString(0)] = r.GetInt64(1);
            }
            catch (PostgresException) { /* the read model's first build is not served yet */ }
        }
        Assert.Equal(5, counts.GetValueOrDefault("SaleRecorded"));
        Assert.Equal(1, counts.GetValueOrDefault("OrderPlaced"));

        var ingest = await HealthIngestAsync(h => h.GetProperty("data").GetProperty("stored").GetInt64() == 6);
        Assert.Equal("Healthy", ingest.GetProperty("status").GetString());
        Assert.Equal(6, ingest.GetProperty("data").GetProperty("consumed").GetInt64());
        Assert.Equal(0, ingest.GetProperty("data").GetProperty("deadLettered").GetInt64());
    }

    private async Task<JsonElement> HealthIngestAsync(Func<JsonElement, bool> until)
    {
        var client = api.Host.Server.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement ingest = default;
        while (DateTime.UtcNow < deadline)
        {
            var body = JsonDocument.Parse(await client.GetStringAsync("/health")).RootElement;
            ingest = body.GetProperty("checks").GetProperty("ingest").Clone();
            if (until(ingest)) return ingest;
            await Task.Delay(250);
        }
        Assert.Fail($"/health's ingest check never got there: {ingest}");
        return ingest;
    }
}
