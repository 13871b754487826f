using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Es.Ingest.Generation;

/// <summary>
/// The labels file: one injected anomaly per line (JSON Lines), in generation order, so analytics
/// tests compare what a rule flagged with what was injected.
/// <code>{"kind":"DuplicateSale","merchantId":"m-7-0003","ids":["…","…"],"messageId":"gen:7/1234"}</code>
/// <c>ids</c>: sale ids (the flagged sale last) or the order id; <c>day</c> (yyyy-MM-dd) for a ticket
/// shift; <c>messageId</c>: the message that completes the anomaly.
/// </summary>
public static class AnomalyLabels
{
    public const string FileName = "anomalies.jsonl";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>A label as written: the generator's label and the message id that carries it.</summary>
    public sealed record Line(AnomalyKind Kind, string MerchantId, IReadOnlyList<Guid> Ids, DateOnly? Day, string MessageId)
    {
        [JsonIgnore]
        public AnomalyLabel Label => new(Kind, MerchantId, Ids, Day);
    }

    public static byte[] Write(AnomalyLabel label, string messageId) =>
        JsonSerializer.SerializeToUtf8Bytes(new Line(label.Kind, label.MerchantId, label.Ids, label.Day, messageId), Json);

    public static IReadOnlyList<Line> Read(string path) =>
        File.ReadLines(path, Encoding.UTF8).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Line>(l, Json)!).ToList();
}
