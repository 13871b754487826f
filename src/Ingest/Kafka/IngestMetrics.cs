using System.Collections.Concurrent;

namespace Es.Ingest.Kafka;

/// <summary>
/// What the consumer has done, for /health and <c>ingest status</c>: totals, rates over the last
/// <see cref="RateWindow"/>, and the lag of each partition (high watermark − position, read from the
/// consumer's own fetch state after each batch). Thread-safe; one per consumer.
/// </summary>
public sealed class IngestMetrics(TimeProvider? clock = null)
{
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentQueue<(DateTimeOffset At, long Consumed, long Stored)> _samples = new();
    private readonly ConcurrentDictionary<string, long> _lag = new();
    private readonly ConcurrentDictionary<string, long> _deadByReason = new();
    private long _consumed, _stored, _alreadyKnown, _deadLettered, _batches;

    public long Consumed => Interlocked.Read(ref _consumed);
    public long Stored => Interlocked.Read(ref _stored);
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Why consumption is paused (the database is away), or null while it runs.</summary>
    public string? PausedBecause { get; set; }

    public DateTimeOffset? LastBatchAt { get; private set; }
    public bool Running { get; set; }

    /// <summary>Counts one batch: messages consumed, stored (appended events), already known (redelivered, unchanged), dead-lettered.</summary>
    public void Batch(int consumed, int stored, int alreadyKnown, IEnumerable<string> deadLetterReasons)
    {
        Interlocked.Add(ref _consumed, consumed);
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _alreadyKnown, alreadyKnown);
        foreach (var reason in deadLetterReasons)
        {
            Interlocked.Increment(ref _deadLettered);
            _deadByReason.AddOrUpdate(reason, 1, (_, n) => n + 1);
        }
        Interlocked.Increment(ref _batches);
        LastBatchAt = _clock.GetUtcNow();
        Sample();
    }

    public void Lag(string topic, int partition, long lag) => _lag[$"{topic}/{partition}"] = Math.Max(0, lag);

    public void ForgetLag(string topic, int partition) => _lag.TryRemove($"{topic}/{partition}", out _);

    private void Sample()
    {
        var now = _clock.GetUtcNow();
        _samples.Enqueue((now, Consumed, Stored));
        while (_samples.TryPeek(out var oldest) && now - oldest.At > RateWindow && _samples.Count > 2) _samples.TryDequeue(out _);
    }

    /// <summary>The figures now; rates are (now − oldest sample in the window) / elapsed seconds.</summary>
    public IngestSnapshot Snapshot()
    {
        var now = _clock.GetUtcNow();
        double consumedPerSecond = 0, storedPerSecond = 0;
        var samples = _samples.ToArray().Where(s => now - s.At <= RateWindow).ToArray();
        if (samples.Length > 0)
        {
            var oldest = samples[0];
            var seconds = Math.Max((now - oldest.At).TotalSeconds, 1.0);
            consumedPerSecond = (Consumed - oldest.Consumed) / seconds;
            storedPerSecond = (Stored - oldest.Stored) / seconds;
        }
        return new IngestSnapshot(Running, PausedBecause, Consumed, Stored, Interlocked.Read(ref _alreadyKnown), DeadLettered,
            Math.Round(consumedPerSecond, 1), Math.Round(storedPerSecond, 1),
            new SortedDictionary<string, long>(_lag), new SortedDictionary<string, long>(_deadByReason), LastBatchAt, now);
    }
}

/// <summary>The consumer's figures at <see cref="At"/>; lag is by <c>topic/partition</c>.</summary>
public sealed record IngestSnapshot(bool Running, string? PausedBecause, long Consumed, long Stored, long AlreadyKnown, long DeadLettered,
    double ConsumedPerSecond, double StoredPerSecond, IReadOnlyDictionary<string, long> LagByPartition,
    IReadOnlyDictionary<string, long> DeadLetteredByReason, DateTimeOffset? LastBatchAt, DateTimeOffset At)
{
    public long TotalLag => LagByPartition.Values.Sum();
}
