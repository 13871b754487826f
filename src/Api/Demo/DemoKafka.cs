using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Es.Ingest.Kafka;

namespace Es.Api.Demo;

/// <summary>
/// The demo's Kafka side, when ingest runs on the embedded mock cluster (never into a Kafka that was
/// configured): a merchant registered and a sale made through the sales topic, and four messages
/// ingest cannot store, so the Operations page has dead letters to show — a refund that came before
/// its sale (replay it: the sale is there now, and the refund is stored), a line that is not JSON, an
/// amount sent as a string, and an order in a contract version Es does not know. The mock cluster
/// lives as long as the host, so a restart has none of them.
/// </summary>
public sealed class DemoKafka(KafkaIngestOptions options, IngestMetrics metrics, ILogger<DemoKafka> log)
{
    public const string MerchantId = "demo-kiosk";

    /// <summary>How many dead letters <see cref="ProduceAsync"/> makes.</summary>
    public const int DeadLetters = 4;

    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(30);

    /// <summary>The messages, once ingest has started the embedded cluster; false when ingest is off or Kafka is a configured one.</summary>
    public async Task<bool> ProduceAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (!options.Enabled) return false;
        var until = DateTime.UtcNow + StartWait;
        while (string.IsNullOrEmpty(options.BootstrapServers) && DateTime.UtcNow < until) await Task.Delay(100, ct);
        if (!options.UsesEmbeddedCluster)
        {
            if (!string.IsNullOrEmpty(options.BootstrapServers))
                log.LogInformation("Demo data: Kafka is configured ({Servers}); the demo writes no messages into it.", options.BootstrapServers);
            return false;
        }
        KafkaNativeLibrary.Use();
        var sale = Guid.CreateVersion7();
        string Instant(TimeSpan ago) => (now - ago).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var sales = new (string Key, string Value)[]
        {
            ($"merchant-{MerchantId}", Json(new { type = "merchant.registered", version = 1, id = "demo-kafka-merchant", merchantId = MerchantId,
                name = "Mangwon Market Kiosk", category = "grocery", timeZone = "Asia/Seoul" })),
            // Before its sale, on the sale's key: refused (no such sale yet), so dead-lettered; the sale follows.
            ($"sale-{sale}", Json(new { type = "sale.refunded", version = 1, id = "demo-kafka-refund", saleId = sale, refundId = "rf-demo-1",
                amountMinor = 1500, currency = "KRW", refundedAt = Instant(TimeSpan.FromMinutes(30)) })),
            ($"sale-{sale}", Json(new { type = "sale.recorded", version = 1, id = "demo-kafka-sale", saleId = sale, merchantId = MerchantId,
                platform = "pos", customerToken = "demo-card-1", amountMinor = 4500, currency = "KRW", approvedAt = Instant(TimeSpan.FromHours(1)) })),
            ("sale-csv", $"{now:yyyy-MM-dd};{MerchantId};4500;KRW"),
            ($"sale-{Guid.CreateVersion7()}", Json(new { type = "sale.recorded", version = 1, id = "demo-kafka-string-amount", saleId = Guid.CreateVersion7(),
                merchantId = MerchantId, platform = "pos", customerToken = "demo-card-2", amountMinor = "4500", currency = "KRW",
                approvedAt = Instant(TimeSpan.FromMinutes(50)) })),
        };
        var orders = new (string Key, string Value)[]
        {
            ($"order-{Guid.CreateVersion7()}", Json(new { type = "order.placed", version = 2, id = "demo-kafka-order-v2", orderId = Guid.CreateVersion7() })),
        };
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = options.BootstrapServers, Acks = Acks.All }).Build();
        foreach (var (topic, messages) in new[] { (options.SalesTopic, sales), (options.OrdersTopic, orders) })
            foreach (var (key, value) in messages)
                await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = value }, ct);
        return true;
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until ingest has dead-lettered the demo's messages; false when it has not.</summary>
    public async Task<bool> WaitForDeadLettersAsync(TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTime.UtcNow + timeout;
        while (metrics.DeadLettered < DeadLetters)
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(100, ct);
        }
        return true;
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
