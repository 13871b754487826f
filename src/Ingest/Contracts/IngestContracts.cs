using System.Text.Json;
using Es.Domain;
using Es.Ingest.Contracts.Orders;
using Es.Ingest.Contracts.Sales;

namespace Es.Ingest.Contracts;

/// <summary>The logical ingest topics; the Kafka topic names are configured (Es:Kafka:Topics).</summary>
public static class IngestTopics
{
    public const string Sales = "sales";
    public const string Orders = "orders";
}

/// <summary>A message read into a command (with its producer id, when it has one), or the violation that refuses it.</summary>
public sealed record ParsedMessage(Command? Command, string? MessageId, ContractViolation? Violation);

/// <summary>
/// Every contract Es reads, by (topic, type, version). Adding a message type is one contract class
/// and one line here.
/// </summary>
public sealed class IngestContracts
{
    public static IReadOnlyList<IMessageContract> All { get; } =
    [
        new SaleRecordedV1(), new SaleRefundedV1(),
        new OrderPlacedV1(), new OrderDeliveredV1(), new OrderCancelledV1(),
    ];

    private readonly Dictionary<(string Topic, string Type, int Version), IMessageContract> _byKey;

    public IngestContracts(IEnumerable<IMessageContract>? contracts = null) =>
        _byKey = (contracts ?? All).ToDictionary(c => (c.Topic, c.Type, c.Version));

    /// <summary>
    /// Reads a message of a logical topic. <paramref name="fallbackSourceId"/> (topic/partition/offset)
    /// is the source id when the message carries no <c>id</c> of its producer's.
    /// </summary>
    public ParsedMessage Parse(string topic, ReadOnlySpan<byte> value, string fallbackSourceId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value.ToArray());
        }
        catch (JsonException ex)
        {
            return Refused(new ContractViolation(DeadLetterReasons.NotJson, $"The message is not JSON: {ex.Message.Split('\n')[0]}"));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Refused(new ContractViolation(DeadLetterReasons.WrongType, $"A message is a JSON object, not {root.ValueKind}."));
            if (Field(root, "type", JsonValueKind.String, out var typeProblem) is not { } typeElement) return Refused(typeProblem!);
            if (Field(root, "version", JsonValueKind.Number, out var versionProblem) is not { } versionElement) return Refused(versionProblem!);
            if (!versionElement.TryGetInt32(out var version))
                return Refused(new ContractViolation(DeadLetterReasons.WrongType, "'version' must be an integer.", "version"));
            string? messageId = null;
            if (root.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null)
            {
                if (id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 and <= 200 } text)
                    return Refused(new ContractViolation(DeadLetterReasons.WrongType, "'id' must be a string of 1 to 200 characters.", "id"));
                messageId = text;
            }
            var type = typeElement.GetString()!;
            if (!_byKey.TryGetValue((topic, type, version), out var contract))
            {
                var known = string.Join(", ", _byKey.Keys.Where(k => k.Topic == topic).Select(k => $"{k.Type} v{k.Version}"));
                return Refused(new ContractViolation(DeadLetterReasons.UnknownContract,
                    $"No contract '{type}' version {version} on the {topic} topic; known: {known}.", "type"), messageId);
            }
            var reading = contract.Read(root, messageId ?? fallbackSourceId);
            return new ParsedMessage(reading.Command, messageId, reading.Violation);
        }
    }

    private static ParsedMessage Refused(ContractViolation violation, string? messageId = null) => new(null, messageId, violation);

    private static JsonElement? Field(JsonElement root, string name, JsonValueKind kind, out ContractViolation? problem)
    {
        problem = null;
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problem = new ContractViolation(DeadLetterReasons.MissingField, $"'{name}' is missing.", name);
            return null;
        }
        if (value.ValueKind != kind)
        {
            problem = new ContractViolation(DeadLetterReasons.WrongType, $"'{name}' must be a JSON {kind.ToString().ToLowerInvariant()}.", name);
            return null;
        }
        return value;
    }
}
