using System.Text.Json;
using Es.Ingest.Generation;

namespace Es.Ingest.Tests.Generation;

/// <summary>Small generator settings for tests, and what a test works out from a generated JSON Lines file by reading it itself.</summary>
internal static class GeneratedFiles
{
    /// <summary>Three days in the past (the domain refuses future instants), few merchants, a large anomaly share so every kind shows up.</summary>
    public static GeneratorOptions Small(int seed) => new()
    {
        Seed = seed, Days = 3, Start = new DateOnly(2025, 3, 3), Merchants = 6, Restaurants = 3, Customers = 60,
        SalesPerDay = 150, OrdersPerDay = 40, AnomalyShare = 0.08,
    };

    public sealed record Line(string Type, string? Id, JsonElement Json);

    public static List<Line> Read(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            var json = JsonDocument.Parse(l).RootElement.Clone();
            return new Line(json.GetProperty("type").GetString()!, json.TryGetProperty("id", out var id) ? id.GetString() : null, json);
        }).ToList();

    /// <summary>
    /// The events the domain should store for these messages, by event type name, worked out here: one
    /// event per message, except a refund asking more than what is left of its sale, which is stored as
    /// a refused refund (SaleRefundRefused).
    /// </summary>
    public static Dictionary<string, long> ExpectedEvents(IEnumerable<Line> lines)
    {
        var left = new Dictionary<string, long>();
        var counts = new Dictionary<string, long>();
        void Count(string type) => counts[type] = counts.GetValueOrDefault(type) + 1;
        foreach (var line in lines)
        {
            var j = line.Json;
            switch (line.Type)
            {
                case "merchant.registered": Count("MerchantRegistered"); break;
                case "sale.recorded":
                    left[j.GetProperty("saleId").GetString()!] = j.GetProperty("amountMinor").GetInt64();
                    Count("SaleRecorded");
                    break;
                case "sale.refunded":
                    var sale = j.GetProperty("saleId").GetString()!;
                    var asked = j.GetProperty("amountMinor").GetInt64();
                    if (asked <= left[sale]) { left[sale] -= asked; Count("SaleRefunded"); }
                    else Count("SaleRefundRefused");
                    break;
                case "sale.cancelled": Count("SaleCancelled"); break;
                case "order.placed": Count("OrderPlaced"); break;
                case "order.picked_up": Count("OrderPickedUp"); break;
                case "order.delivered": Count("OrderDelivered"); break;
                case "order.cancelled": Count("OrderCancelled"); break;
                case "order.rated": Count("OrderRated"); break;
                default: throw new InvalidOperationException($"unexpected message type {line.Type}");
            }
        }
        return counts;
    }
}
