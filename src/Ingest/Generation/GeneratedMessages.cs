using Es.Domain;
using Es.Ingest.Contracts;

namespace Es.Ingest.Generation;

/// <summary>A generated command as the message a producer writes (its contract, keyed by stream id), with the anomaly label it completes.</summary>
public sealed record GeneratedMessage(ContractMessage Message, Command Command, AnomalyLabel? Label, string MessageId);

/// <summary>
/// The generator's commands as contract messages (docs/ingest.md, "Contracts"): the same JSON a
/// producer writes to the sales and orders topics, keyed by stream id, each with the command's source
/// id (<c>gen:{seed}/{n}</c>) as its message <c>id</c>. Read back, a message is its command again, and
/// its idempotency key is the same on a topic and in a file (<see cref="IngestContracts.ProducerKey"/>).
/// Card merchants are registered on the sales topic, restaurants on the orders topic, so each topic
/// (and each file) is complete by itself.
/// </summary>
public static class GeneratedMessages
{
    private static readonly IngestContracts Contracts = new();

    public static IEnumerable<GeneratedMessage> From(CommerceGenerator generator)
    {
        var restaurants = generator.Restaurants.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (command, _, label) in generator.Generate())
        {
            var topic = command is RegisterMerchant m && restaurants.Contains(m.MerchantId)
                ? IngestTopics.Orders
                : IngestContracts.TopicOf(command);
            var id = SourceIdOf(command);
            yield return new GeneratedMessage(Contracts.Write(topic, command, id), command, label, id);
        }
    }

    /// <summary>The source id a generated command carries (<c>gen:{seed}/{n}</c>): its message id.</summary>
    public static string SourceIdOf(Command command) => command switch
    {
        RegisterMerchant c => c.SourceId,
        RecordSale c => c.SourceId,
        RefundSale c => c.SourceId,
        CancelSale c => c.SourceId,
        OrderCommand c => c.SourceId,
        RecordReturn c => c.SourceId,
        _ => throw new ArgumentException($"The generator makes no {command.GetType().Name}.", nameof(command)),
    };
}
