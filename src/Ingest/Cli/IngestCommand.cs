using System.CommandLine;
using System.Globalization;
using Es.Ingest.Kafka;

namespace Es.Ingest.Cli;

/// <summary>
/// <c>ingest status|dead-letters|replay</c>: the operators' view of Kafka ingest. Status comes from
/// PostgreSQL (each node's last figures); dead letters from Kafka, at Es:Kafka:BootstrapServers or
/// <c>--bootstrap</c> (for the embedded mock cluster: the address the host logged at start).
/// </summary>
public static class IngestCommand
{
    /// <param name="replays">Where replays are recorded (who and when); none when left out.</param>
    public static Command Create(Func<IngestStatusStore> status, KafkaIngestOptions options, TextWriter? output = null, Func<DeadLetterReplays>? replays = null)
    {
        TextWriter Out() => output ?? Console.Out;
        var command = new Command("ingest", "Kafka ingest: consumers' figures, dead letters, replay.");
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka's bootstrap servers; Es:Kafka:BootstrapServers when left out." };

        var statusCommand = new Command("status", "Consumed/s, stored/s, dead-lettered and lag per partition of each node's consumer.");
        statusCommand.SetAction(async (_, ct) =>
        {
            var rows = await status().ReadAsync(ct);
            if (rows.Count == 0)
            {
                await Out().WriteLineAsync("No ingest consumer has reported yet.");
                return 0;
            }
            foreach (var (node, s, updated) in rows)
            {
                var state = !s.Running ? "stopped" : s.PausedBecause is { } why ? $"PAUSED ({why})" : "running";
                await Out().WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{node}: {state}, as of {updated:O}\n  consumed {s.Consumed} ({s.ConsumedPerSecond:0.#}/s), stored {s.Stored} ({s.StoredPerSecond:0.#}/s), already known {s.AlreadyKnown}, dead-lettered {s.DeadLettered}, lag {s.TotalLag}"));
                foreach (var (reason, n) in s.DeadLetteredByReason) await Out().WriteLineAsync($"  dead letters {reason}: {n}");
                foreach (var (partition, lag) in s.LagByPartition) await Out().WriteLineAsync($"  lag {partition}: {lag}");
            }
            return 0;
        });
        command.Add(statusCommand);

        var topic = new Option<string?>("--topic") { Description = "One dead-letter topic; both (<sales>.dlq and <orders>.dlq) when left out." };
        var limit = new Option<int>("--limit") { Description = "At most this many per topic.", DefaultValueFactory = _ => 100 };
        var list = new Command("dead-letters", "List dead letters: where each came from, why, and its value.") { bootstrap, topic, limit };
        list.SetAction(async (r, _) =>
        {
            if (Servers(r.GetValue(bootstrap), options) is not { } servers) return await NoKafkaAsync(Out());
            var topics = r.GetValue(topic) is { } one
                ? [one]
                : new[] { KafkaIngestOptions.DeadLetterTopicOf(options.SalesTopic), KafkaIngestOptions.DeadLetterTopicOf(options.OrdersTopic) };
            foreach (var t in topics)
            {
                var letters = DeadLetters.List(servers, t, r.GetValue(limit));
                await Out().WriteLineAsync($"{t}: {letters.Count} dead letter(s)");
                foreach (var l in letters)
                    await Out().WriteLineAsync($"  {l.Topic} {l.Partition} {l.Offset}  {l.Reason}{(l.Field is null ? "" : " at " + l.Field)}: {l.Message}\n" +
                                               $"    from {l.OriginalTopic}/{l.OriginalPartition}/{l.OriginalOffset} at {l.DeadLetteredAt}, key {l.KeyText}\n" +
                                               $"    {l.ValuePreview()}");
            }
            return 0;
        });
        command.Add(list);

        var dlqTopic = new Argument<string>("DLQ_TOPIC") { Description = "The dead-letter topic, e.g. sales.dlq." };
        var partition = new Argument<int>("PARTITION");
        var offset = new Argument<long>("OFFSET");
        var replay = new Command("replay", "Produce a dead letter's original key and value to its original topic again (after fixing the cause).")
            { dlqTopic, partition, offset, bootstrap };
        replay.SetAction(async (r, ct) =>
        {
            if (Servers(r.GetValue(bootstrap), options) is not { } servers) return await NoKafkaAsync(Out());
            try
            {
                var who = $"cli:{Environment.UserName}";
                var to = await DeadLetters.ReplayAsync(servers, r.GetRequiredValue(dlqTopic), r.GetValue(partition), r.GetValue(offset), ct, who);
                if (replays is not null)
                    await replays().RecordAsync(r.GetRequiredValue(dlqTopic), r.GetValue(partition), r.GetValue(offset),
                        to.Topic, to.Partition.Value, to.Offset.Value, who, CancellationToken.None);
                await Out().WriteLineAsync($"Replayed to {to.Topic}/{to.Partition.Value}/{to.Offset.Value}.");
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                await Out().WriteLineAsync(ex.Message);
                return 1;
            }
        });
        command.Add(replay);
        return command;
    }

    private static string? Servers(string? given, KafkaIngestOptions options) =>
        !string.IsNullOrWhiteSpace(given) ? given : string.IsNullOrWhiteSpace(options.BootstrapServers) ? null : options.BootstrapServers;

    private static async Task<int> NoKafkaAsync(TextWriter output)
    {
        await output.WriteLineAsync("No Kafka configured: pass --bootstrap HOST:PORT (the embedded mock cluster's address is in the host's log).");
        return 2;
    }
}
