using Confluent.Kafka;
using Es.Commands;
using Es.Domain;
using Es.Ingest.Contracts;
using Microsoft.Extensions.Logging;

namespace Es.Ingest.Kafka;

/// <summary>
/// Reads the sales and orders topics in a consumer group, a batch at a time: each message parsed
/// against its contract, the good ones sent through <see cref="CommandPipeline.SendManyAsync"/>,
/// the bad ones (not JSON, wrong shape, unknown contract, a rule broken) written to the dead
/// letters, and only then the batch's offsets committed (commit-after-append). A redelivered
/// message stores nothing new: its idempotency key is the producer's message id, else its
/// topic/partition/offset. While the database is away the consumer pauses its partitions, keeps
/// the batch and tries again with backoff; nothing is committed or dead-lettered for an outage.
/// </summary>
public sealed class KafkaIngestConsumer(KafkaIngestOptions options, CommandPipeline pipeline, IngestMetrics metrics, ILogger logger,
    TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly IngestContracts _contracts = new();

    /// <summary>Tests: runs after the batch is stored and dead-lettered, before its offsets are committed; what it throws ends the consumer there.</summary>
    internal Func<IReadOnlyList<ConsumeResult<byte[]?, byte[]>>, Task>? AfterStoreBeforeCommit { get; set; }

    /// <summary>Consumes until <paramref name="stoppingToken"/> fires, then finishes the batch in hand (stored and committed) and leaves the group.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        options.Validate();
        KafkaNativeLibrary.Use();
        var batch = new List<ConsumeResult<byte[]?, byte[]>>();
        using var deadLetters = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers, Acks = Acks.All, EnableIdempotence = true, LingerMs = 5,
        }).Build();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
            {
                BootstrapServers = options.BootstrapServers,
                GroupId = options.GroupId,
                EnableAutoCommit = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                // New topics (the mock creates them on first produce) are found within seconds, not librdkafka's 5 minutes.
                TopicMetadataRefreshIntervalMs = 2_000,
                SessionTimeoutMs = (int)options.SessionTimeout.TotalMilliseconds,
            })
            .SetPartitionsAssignedHandler((_, assigned) => logger.LogInformation("Ingest assigned {Partitions}",
                string.Join(", ", assigned.Select(p => $"{p.Topic}/{p.Partition.Value}"))))
            // Revoked: before the partitions move, commit what was stored from them and is not committed
            // yet (a commit that failed after its append); drop what is held unstored: the new owner reads it.
            .SetPartitionsRevokedHandler((c, revoked) =>
            {
                CommitStored(c, revoked.Select(p => p.TopicPartition));
                Drop(batch, revoked.Select(p => p.TopicPartition));
            })
            // Lost (the session expired): the partitions are someone else's already, a commit would be refused.
            .SetPartitionsLostHandler((_, lost) =>
            {
                foreach (var p in lost) _storedNotCommitted.Remove(p.TopicPartition);
                Drop(batch, lost.Select(p => p.TopicPartition));
            })
            .SetErrorHandler((_, e) => logger.LogWarning("Kafka: {Reason} ({Code})", e.Reason, e.Code))
            .Build();
        consumer.Subscribe([options.SalesTopic, options.OrdersTopic]);
        metrics.Running = true;
        logger.LogInformation("Ingest consuming {Sales} and {Orders} as group {Group} from {Servers}",
            options.SalesTopic, options.OrdersTopic, options.GroupId, options.BootstrapServers);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                batch.Clear();
                Fill(consumer, batch, stoppingToken);
                if (batch.Count == 0) continue;
                var outcome = await StoreAsync(consumer, deadLetters, batch, stoppingToken);
                if (outcome is null) break; // stopped while the database was away: nothing committed, all of it is read again
                // The hook stands for a crash between the append and the commit: nothing is marked stored before it.
                if (AfterStoreBeforeCommit is { } hook) await hook(batch);
                Stored(batch);
                Commit(consumer);
                UpdateLag(consumer);
                metrics.Batch(batch.Count, outcome.Stored, outcome.AlreadyKnown, outcome.DeadLetterReasons);
            }
        }
        finally
        {
            metrics.Running = false;
            // Leaves the group at once so the partitions move now, not after the session timeout. Commits nothing.
            try { consumer.Close(); }
            catch (KafkaException ex) { logger.LogWarning(ex, "Ingest: leaving the consumer group failed"); }
        }
    }

    private void Drop(List<ConsumeResult<byte[]?, byte[]>> batch, IEnumerable<TopicPartition> gone)
    {
        var set = gone.ToHashSet();
        var dropped = batch.RemoveAll(r => set.Contains(r.TopicPartition));
        foreach (var tp in set) metrics.ForgetLag(tp.Topic, tp.Partition.Value);
        if (dropped > 0) logger.LogInformation("Ingest: {Count} uncommitted messages of revoked partitions dropped; their new owner reads them", dropped);
    }

    private void Fill(IConsumer<byte[]?, byte[]> consumer, List<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken ct)
    {
        var first = Consume(consumer, TimeSpan.FromMilliseconds(200));
        if (first is null) return;
        batch.Add(first);
        var until = _clock.GetUtcNow() + options.MaxBatchWait;
        while (batch.Count < options.MaxBatch && !ct.IsCancellationRequested)
        {
            var left = until - _clock.GetUtcNow();
            var next = Consume(consumer, left > TimeSpan.Zero ? left : TimeSpan.Zero);
            if (next is null) break;
            batch.Add(next);
        }
    }

    private ConsumeResult<byte[]?, byte[]>? Consume(IConsumer<byte[]?, byte[]> consumer, TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException ex)
        {
            // A topic that does not exist yet, a broker restarting: librdkafka recovers by itself.
            logger.LogDebug("Kafka consume: {Reason}", ex.Error.Reason);
            return null;
        }
    }

    private sealed record Outcome(int Stored, int AlreadyKnown, IReadOnlyList<string> DeadLetterReasons);

    /// <summary>Stores the batch, trying again while the database is away; null when stopped before it could.</summary>
    private async Task<Outcome?> StoreAsync(IConsumer<byte[]?, byte[]> consumer, IProducer<byte[]?, byte[]> deadLetters,
        List<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        var paused = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The batch in hand is finished even when a stop is asked for meanwhile: graceful.
                var outcome = await StoreOnceAsync(deadLetters, batch, CancellationToken.None);
                if (paused)
                {
                    consumer.Resume(consumer.Assignment);
                    metrics.PausedBecause = null;
                    logger.LogInformation("Ingest resumed after {Attempts} attempts", attempt);
                }
                return outcome;
            }
            catch (Exception ex)
            {
                if (!paused)
                {
                    consumer.Pause(consumer.Assignment);
                    paused = true;
                    logger.LogWarning("Ingest paused, the batch of {Count} is kept and tried again: {Error}", batch.Count, ex.Message);
                }
                metrics.PausedBecause = $"{ex.GetType().Name}: {ex.Message}";
                var until = _clock.GetUtcNow() + backoff;
                while (_clock.GetUtcNow() < until)
                {
                    if (stoppingToken.IsCancellationRequested) return null;
                    // Polling keeps the group membership and serves rebalances while paused. A message
                    // can only come from a partition assigned meanwhile: it joins the batch, the partition pauses.
                    if (Consume(consumer, TimeSpan.FromMilliseconds(100)) is { } arrived)
                    {
                        batch.Add(arrived);
                        consumer.Pause([arrived.TopicPartition]);
                    }
                }
                backoff = TimeSpan.FromMilliseconds(Math.Min(options.MaxRetryBackoff.TotalMilliseconds, backoff.TotalMilliseconds * 2));
            }
        }
    }

    private async Task<Outcome> StoreOnceAsync(IProducer<byte[]?, byte[]> deadLetters, List<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken ct)
    {
        var refused = new List<(ConsumeResult<byte[]?, byte[]> Message, ContractViolation Why)>();
        var commands = new List<(Command Command, CommandContext Context)>(batch.Count);
        var sentFrom = new List<ConsumeResult<byte[]?, byte[]>>(batch.Count);
        foreach (var r in batch)
        {
            var logical = options.LogicalTopicOf(r.Topic) ?? throw new InvalidOperationException($"Topic {r.Topic} is not read by ingest.");
            var at = $"{r.Topic}/{r.Partition.Value}/{r.Offset.Value}";
            var parsed = _contracts.Parse(logical, r.Message.Value ?? [], at);
            if (parsed.Violation is { } violation)
            {
                refused.Add((r, violation));
                continue;
            }
            var key = parsed.MessageId is { } id ? IngestContracts.ProducerKey(logical, id) : $"kafka:{at}";
            commands.Add((parsed.Command!, new CommandContext(Actor.System($"kafka:{r.Topic}"), $"kafka:{at}")
            {
                IdempotencyKey = key,
                CorrelationId = key,
                CausationId = $"kafka:{at}",
            }));
            sentFrom.Add(r);
        }

        var results = commands.Count == 0 ? [] : await pipeline.SendManyAsync(commands, ct);
        int stored = 0, known = 0;
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (!result.Succeeded)
            {
                var rejection = result.Rejections[0];
                var all = string.Join("; ", result.Rejections.Select(x => $"{x.Reason}: {x.Message}"));
                refused.Add((sentFrom[i], new ContractViolation(DeadLetterReasons.Rejected, all, rejection.Field)));
            }
            else if (result.Events.Count > 0 && !result.AlreadyApplied) stored++;
            else known++;
        }

        if (refused.Count > 0)
        {
            var now = _clock.GetUtcNow();
            var failures = new List<string>();
            foreach (var (message, why) in refused)
                deadLetters.Produce(KafkaIngestOptions.DeadLetterTopicOf(message.Topic), DeadLetters.For(message, why, now),
                    report => { if (report.Error.IsError) lock (failures) failures.Add(report.Error.Reason); });
            // The batch is committed only once every dead letter is in Kafka.
            if (deadLetters.Flush(TimeSpan.FromSeconds(30)) > 0 || failures.Count > 0)
                throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"Dead letters not delivered: {string.Join("; ", failures)}"));
            foreach (var (message, why) in refused)
                logger.LogInformation("Ingest dead letter {Topic}/{Partition}/{Offset}: {Why}", message.Topic, message.Partition.Value, message.Offset.Value, why);
        }
        return new Outcome(stored, known, refused.Select(r => r.Why.Reason).ToList());
    }

    /// <summary>The next offset to commit per partition, for what was stored and not committed yet.</summary>
    private readonly Dictionary<TopicPartition, Offset> _storedNotCommitted = new();

    private void Stored(List<ConsumeResult<byte[]?, byte[]>> batch)
    {
        foreach (var g in batch.GroupBy(r => r.TopicPartition))
            _storedNotCommitted[g.Key] = new Offset(g.Max(r => r.Offset.Value) + 1);
    }

    private void Commit(IConsumer<byte[]?, byte[]> consumer)
    {
        if (_storedNotCommitted.Count == 0) return;
        var offsets = _storedNotCommitted.Select(p => new TopicPartitionOffset(p.Key, p.Value)).ToList();
        try
        {
            consumer.Commit(offsets);
            _storedNotCommitted.Clear();
        }
        catch (KafkaException ex)
        {
            // Kept: the next commit, or the revocation of the partition, commits them. Were the partition
            // lost meanwhile, its new owner reads these again and stores nothing new (idempotency keys).
            logger.LogWarning("Ingest commit failed, tried again with the next batch or at revocation: {Reason}", ex.Error.Reason);
        }
    }

    /// <summary>In the revocation handler: commits what was stored from <paramref name="revoked"/>, so their next owner starts after it.</summary>
    private void CommitStored(IConsumer<byte[]?, byte[]> consumer, IEnumerable<TopicPartition> revoked)
    {
        var offsets = revoked.Where(_storedNotCommitted.ContainsKey).Select(tp => new TopicPartitionOffset(tp, _storedNotCommitted[tp])).ToList();
        foreach (var tp in offsets) _storedNotCommitted.Remove(tp.TopicPartition);
        if (offsets.Count == 0) return;
        try
        {
            consumer.Commit(offsets);
            logger.LogInformation("Ingest committed {Count} partitions' stored offsets as they were revoked", offsets.Count);
        }
        catch (KafkaException ex)
        {
            // Their new owner reads these messages again and stores nothing new (idempotency keys).
            logger.LogWarning("Ingest commit at revocation failed, the new owner reads them again: {Reason}", ex.Error.Reason);
        }
    }

    private void UpdateLag(IConsumer<byte[]?, byte[]> consumer)
    {
        foreach (var tp in consumer.Assignment)
        {
            var marks = consumer.GetWatermarkOffsets(tp);
            var position = consumer.Position(tp);
            if (marks.High != Offset.Unset && position != Offset.Unset) metrics.Lag(tp.Topic, tp.Partition.Value, marks.High.Value - position.Value);
        }
    }
}
