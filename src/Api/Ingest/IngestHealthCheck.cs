using Es.Ingest.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Es.Api.Ingest;

/// <summary>
/// The consumer's figures (consumed/s, stored/s, dead-lettered, lag per partition) under
/// <c>ingest</c> in /health. Degraded while ingest is paused (the database is away) or the consumer
/// is not running; never Unhealthy: the API still answers, messages wait in Kafka.
/// </summary>
public sealed class IngestHealthCheck(IngestMetrics metrics, KafkaIngestOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var s = metrics.Snapshot();
        var data = new Dictionary<string, object>
        {
            ["bootstrapServers"] = options.BootstrapServers ?? "",
            ["running"] = s.Running,
            ["consumed"] = s.Consumed,
            ["stored"] = s.Stored,
            ["alreadyKnown"] = s.AlreadyKnown,
            ["deadLettered"] = s.DeadLettered,
            ["consumedPerSecond"] = s.ConsumedPerSecond,
            ["storedPerSecond"] = s.StoredPerSecond,
            ["lag"] = s.LagByPartition,
            ["deadLetteredByReason"] = s.DeadLetteredByReason,
        };
        if (s.PausedBecause is { } why) return Task.FromResult(HealthCheckResult.Degraded($"Ingest is paused: {why}", data: data));
        if (!s.Running) return Task.FromResult(HealthCheckResult.Degraded("The ingest consumer is not running (starting, or restarting after a failure).", data: data));
        return Task.FromResult(HealthCheckResult.Healthy($"Consuming {options.SalesTopic} and {options.OrdersTopic}; lag {s.TotalLag}.", data));
    }
}
