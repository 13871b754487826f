using System.Globalization;
using Confluent.Kafka;
using Es.Api.Schema;
using Es.GraphQL.Types;
using Es.Ingest.Kafka;

namespace Es.Api.Operations;

/// <summary>What <c>deadLetters</c> answers: whether this host runs Kafka ingest, which topics were read, and the letters.</summary>
public sealed record DeadLetterList(bool IngestEnabled, IReadOnlyList<string> Topics, IReadOnlyList<DeadLetterView> Nodes);

/// <summary>A dead letter as Kafka keeps it, with the replays recorded of it (<see cref="DeadLetterReplays"/>).</summary>
public sealed record DeadLetterView(DeadLetter Letter, IReadOnlyList<DeadLetterReplay> Replays);

/// <summary>
/// Kafka ingest's dead letters for operators (docs/ingest.md): <c>deadLetters</c> lists them as
/// <c>ingest dead-letters</c> does, <c>replayDeadLetter</c> sends one back to its original topic as
/// <c>ingest replay</c> does (the same functions, <see cref="DeadLetters"/>). Administrators only:
/// a dead letter holds the message as it came, card tokens and all. On a host with Kafka ingest off
/// (Es:Kafka:Enabled=false) the list is empty with <c>ingestEnabled: false</c>, and a replay is
/// INVALID_STATE (INGEST_OFF); Kafka not answering is UNAVAILABLE (KAFKA_UNREACHABLE).
/// </summary>
public static class DeadLettersSchema
{
    public const int DefaultFirst = 50;
    public const int MaxFirst = 500;
    public const int PreviewLength = 200;

    public static void Add(SchemaBuilder builder) => builder
        .Object<DeadLetterView>("DeadLetter", o => o
            .Description("A message Kafka ingest could not store, as it came, with why and where it came from.")
            .Field("topic", "String!", v => v.Letter.Topic, "The dead-letter topic, e.g. sales.dlq.")
            .Field("partition", "Int!", v => v.Letter.Partition, "Its partition in the dead-letter topic.")
            .Field("offset", "Float!", v => (double)v.Letter.Offset, "Its offset there (a 64-bit integer, exact below 2^53). With topic and partition, what replayDeadLetter takes.")
            .Field("originalTopic", "String!", v => v.Letter.OriginalTopic, "Where the message was first produced.")
            .Field("originalPartition", "Int!", v => v.Letter.OriginalPartition)
            .Field("originalOffset", "Float!", v => (double)v.Letter.OriginalOffset)
            .Field("reason", "String!", v => v.Letter.Reason, "NOT_JSON, WRONG_TYPE, MISSING_FIELD, INVALID_FIELD, UNKNOWN_CONTRACT, REJECTED, ...")
            .Field("field", "String", v => v.Letter.Field, "The message field it concerns, when one.")
            .Field("message", "String!", v => v.Letter.Message, "Why, in words (for REJECTED the domain's refusal).")
            .Field("deadLetteredAt", "DateTime", v => DateTimeOffset.TryParse(v.Letter.DeadLetteredAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null)
            .Field("key", "String", v => v.Letter.Key is null ? null : v.Letter.KeyText, "The message key (the stream id, e.g. sale-<id>).")
            .Field("valuePreview", "String!", v => v.Letter.ValuePreview(PreviewLength), $"The value as text, its first {PreviewLength} characters.")
            .Field("valueBytes", "Int!", v => v.Letter.Value.Length)
            .Field("replays", "[DeadLetterReplay!]!", v => v.Replays, "Each time it was sent back to its original topic, oldest first: by whom and when (kept in PostgreSQL; Kafka keeps the dead letter where it was)."))
        .Object<DeadLetterList>("DeadLetterList", o => o
            .Field("ingestEnabled", "Boolean!", l => l.IngestEnabled, "False when this host runs no Kafka ingest (Es:Kafka:Enabled=false): then there is nothing to list.")
            .Field("topics", "[String!]!", l => l.Topics, "The dead-letter topics read.")
            .Field("nodes", "[DeadLetter!]!", l => l.Nodes, "By topic, partition and offset: oldest first, as Kafka keeps them."))
        .Object<DeadLetterReplay>("DeadLetterReplay", o => o
            .Field("fromTopic", "String!", r => r.FromTopic)
            .Field("fromPartition", "Int!", r => r.FromPartition)
            .Field("fromOffset", "Float!", r => (double)r.FromOffset)
            .Field("topic", "String!", r => r.Topic, "The original topic it was produced to again.")
            .Field("partition", "Int!", r => r.Partition)
            .Field("offset", "Float!", r => (double)r.Offset)
            .Field("replayedBy", "String", r => r.ReplayedBy, "Who sent it back: admin:<member id> from the API, cli:<user> from the operators' CLI.")
            .Field("replayedAt", "DateTime!", r => r.ReplayedAt))
        .Query(q => q
            .Field("deadLetters", "DeadLetterList!", f => f
                .Description("Administrators: Kafka ingest's dead letters (both dead-letter topics, or one). FORBIDDEN for other members, UNAUTHENTICATED for anonymous callers.")
                .Argument("topic", "String", description: "One dead-letter topic (e.g. sales.dlq); both when left out.")
                .Argument("first", "Int", DefaultFirst, $"At most this many per topic, 1..{MaxFirst}.")
                .ResolveAsync(async (_, ctx) =>
                {
                    RequireAdministrator(ctx);
                    var options = ctx.Service<KafkaIngestOptions>();
                    var first = ctx.Arguments.Get<int>("first");
                    if (first is < 1 or > MaxFirst) throw ApiErrors.Validation("PAGE_SIZE", $"first must be between 1 and {MaxFirst}.", "first");
                    var topics = ctx.Arguments.GetOrDefault<string?>("topic", null) is { } one ? [Known(options, one)] : Topics(options);
                    if (!options.Enabled) return new DeadLetterList(false, topics, []);
                    var servers = Servers(options);
                    var letters = new List<DeadLetter>();
                    // The Kafka client blocks while it waits for the brokers: off the request's thread.
                    foreach (var topic in topics)
                        letters.AddRange(await Kafka(() => Task.Run(() => DeadLetters.List(servers, topic, first), ctx.CancellationToken)));
                    var replays = await ctx.Service<DeadLetterReplays>().OfAsync(letters, ctx.CancellationToken);
                    return new DeadLetterList(true, topics, [.. letters.Select(l => new DeadLetterView(l, [.. replays[(l.Topic, l.Partition, l.Offset)]]))]);
                })))
        .Mutation(m => m
            .Field("replayDeadLetter", "DeadLetterReplay!", f => f
                .Description("Administrators: produces a dead letter's original key and value to its original topic again (after its cause is fixed), as `ingest replay` does; ingest then reads it like any message. The dead letter stays where it is.")
                .Argument("topic", "String!", description: "The dead-letter topic, e.g. sales.dlq.")
                .Argument("partition", "Int!")
                .Argument("offset", "Float!")
                .ResolveAsync(async (_, ctx) =>
                {
                    var caller = RequireAdministrator(ctx);
                    var options = ctx.Service<KafkaIngestOptions>();
                    var topic = Known(options, ctx.Arguments.Get<string>("topic"));
                    var partition = ctx.Arguments.Get<int>("partition");
                    var offsetValue = ctx.Arguments.Get<double>("offset");
                    if (partition < 0) throw ApiErrors.Validation("BAD_PARTITION", "partition must be 0 or more.", "partition");
                    if (offsetValue < 0 || offsetValue != Math.Floor(offsetValue) || offsetValue > (1L << 53))
                        throw ApiErrors.Validation("BAD_OFFSET", "offset must be a whole number, 0 or more.", "offset");
                    var offset = (long)offsetValue;
                    if (!options.Enabled) throw ApiErrors.InvalidState("INGEST_OFF", "Kafka ingest is off on this host (Es:Kafka:Enabled=false): there is nothing to replay.");
                    var servers = Servers(options);
                    var who = caller.Actor is { MemberId: { } id } ? $"admin:{id}" : null;
                    try
                    {
                        var to = await Kafka(() => DeadLetters.ReplayAsync(servers, topic, partition, offset, ctx.CancellationToken, who));
                        ctx.Service<ILoggerFactory>().CreateLogger(typeof(DeadLettersSchema)).LogInformation(
                            "Dead letter {Topic}/{Partition}/{Offset} replayed to {To} by {Who}", topic, partition, offset, to, who);
                        return await ctx.Service<DeadLetterReplays>().RecordAsync(topic, partition, offset, to.Topic, to.Partition.Value, to.Offset.Value, who,
                            CancellationToken.None); // produced already: record it even if the caller went away
                    }
                    catch (InvalidOperationException e)
                    {
                        throw ApiErrors.NotFound("NO_DEAD_LETTER", e.Message, "offset");
                    }
                })));

    private static Caller RequireAdministrator(ResolveFieldContext ctx)
    {
        var caller = ctx.Caller();
        if (!caller.IsMember) throw ApiErrors.Unauthenticated("Sign in as an administrator to read or replay dead letters.");
        if (!caller.IsAdministrator) throw ApiErrors.Forbidden("ADMINISTRATOR_ONLY", "Only administrators read or replay dead letters.");
        return caller;
    }

    private static string[] Topics(KafkaIngestOptions options) =>
        [KafkaIngestOptions.DeadLetterTopicOf(options.SalesTopic), KafkaIngestOptions.DeadLetterTopicOf(options.OrdersTopic)];

    // Only this host's dead-letter topics: the API is no general Kafka reader.
    private static string Known(KafkaIngestOptions options, string topic) =>
        Topics(options).Contains(topic, StringComparer.Ordinal)
            ? topic
            : throw ApiErrors.Validation("UNKNOWN_TOPIC", $"{topic} is not a dead-letter topic of this host ({string.Join(", ", Topics(options))}).", "topic");

    // The embedded cluster's address is set when ingest starts it, a moment after the host starts.
    private static string Servers(KafkaIngestOptions options) =>
        options.BootstrapServers is { Length: > 0 } servers
            ? servers
            : throw ApiErrors.Unavailable("KAFKA_STARTING", "Kafka ingest is starting; ask again in a moment.");

    private static async Task<T> Kafka<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (KafkaException e)
        {
            throw ApiErrors.Unavailable("KAFKA_UNREACHABLE", $"Kafka did not answer: {e.Error.Reason}");
        }
    }
}
