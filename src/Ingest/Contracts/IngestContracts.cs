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

/// <summary>A message as a producer writes it: its logical topic, its key (the stream id) and its JSON value.</summary>
public sealed record ContractMessage(string Topic, string Key, byte[] Value);

/// <summary>
/// Every contract Es reads, by (topic, type, version). Adding a message type is one contract class
/// and one line here.
/// </summary>
public sealed class IngestContracts
{
    public static IReadOnlyList<IMessageContract> All { get; } =
    [
        new SaleRecordedV1(), new SaleRefundedV1(), new SaleCancelledV1(), new MerchantRegisteredV1(IngestTopics.Sales),
        new OrderPlacedV1(), new OrderPickedUpV1(), new OrderDeliveredV1(), new OrderCancelledV1(), new OrderRatedV1(),
        new ReturnRecordedV1(), new MerchantRegisteredV1(IngestTopics.Orders),
    ];

    private readonly Dictionary<(string Topic, string Type, int Version), IMessageContract> _byKey;
    private readonly Dictionary<(string Topic, Type Command), IMessageContract> _writers;

    public IngestContracts(IEnumerable<IMessageContract>? contracts = null)
    {
        var all = (contracts ?? All).ToList();
        _byKey = all.ToDictionary(c => (c.Topic, c.Type, c.Version));
        // Producers write the newest version of a command's contract on a topic.
        _writers = all.GroupBy(c => (c.Topic, c.CommandType)).ToDictionary(g => g.Key, g => g.MaxBy(c => c.Version)!);
    }

    /// <summary>
    /// The idempotency key of a message that carries its producer's <c>id</c>, whichever way it comes
    /// (a Kafka topic or a JSON Lines file): the same message twice stores once. (Its <c>kafka:</c>
    /// prefix predates file import; keys already stored keep it.)
    /// </summary>
    public static string ProducerKey(string logicalTopic, string messageId) => $"kafka:{logicalTopic}:{messageId}";

    /// <summary>A message's Kafka key: the id of the stream its command writes, so one sale's (one order's) messages stay in order.</summary>
    public static string StreamKey(Command command) => command switch
    {
        SaleCommand c => Sale.StreamId(c.SaleId),
        OrderCommand c => Order.StreamId(c.OrderId),
        MerchantCommand c => Merchant.StreamId(c.MerchantId),
        RecordReturn c => CustomerReturn.StreamId(c.ReturnId),
        _ => throw new ArgumentException($"No ingest contract carries {command.GetType().Name}.", nameof(command)),
    };

    /// <summary>The message a producer writes on <paramref name="topic"/> for <paramref name="command"/>, read back by <see cref="Parse"/> into the same command.</summary>
    /// <param name="messageId">Its producer id (the command's idempotency key and source id when read), or null.</param>
    public ContractMessage Write(string topic, Command command, string? messageId)
    {
        if (!_writers.TryGetValue((topic, command.GetType()), out var contract))
            throw new ArgumentException($"No contract writes {command.GetType().Name} on the {topic} topic.", nameof(command));
        return new ContractMessage(topic, StreamKey(command), contract.Write(command, messageId));
    }

    /// <summary>The logical topic of a command's contract: sales or orders (a merchant is registered on either; <paramref name="merchantsOn"/> says which).</summary>
    public static string TopicOf(Command command, string merchantsOn = IngestTopics.Sales) => command switch
    {
        SaleCommand => IngestTopics.Sales,
        OrderCommand or RecordReturn => IngestTopics.Orders,
        MerchantCommand => merchantsOn,
        _ => throw new ArgumentException($"No ingest contract carries {command.GetType().Name}.", nameof(command)),
    };

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
