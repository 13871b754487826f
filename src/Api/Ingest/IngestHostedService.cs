using Es.Commands;
using Es.Ingest.Kafka;
using Es.Projections;

namespace Es.Api.Ingest;

/// <summary>
/// Runs the Kafka consumer in the host: starts the embedded mock cluster when no Kafka is
/// configured, restarts the consumer after an unexpected failure, and writes the consumer's figures
/// to PostgreSQL every few seconds for <c>ingest status</c>. Stopping the host lets the batch in
/// hand finish (stored and committed) before the consumer leaves the group.
/// </summary>
public sealed class IngestHostedService(KafkaIngestOptions options, CommandPipeline pipeline, IngestMetrics metrics, IngestStatusStore status,
    ProjectionOptions projections, ILogger<IngestHostedService> log) : BackgroundService
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(3);
    private MockKafkaCluster? _mock;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the host's start is not held up by the cluster or the group join
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            _mock = new MockKafkaCluster();
            options.UseEmbeddedCluster(_mock.BootstrapServers);
            log.LogWarning("Es:Kafka:BootstrapServers is not set: ingest uses the embedded mock Kafka cluster at {Bootstrap} " +
                           "(development only). Produce into it with: kcat -b {Bootstrap} -P -t {Topic} -K :", _mock.BootstrapServers, _mock.BootstrapServers,
                options.SalesTopic);
        }
        var reporting = ReportAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Run(() => new KafkaIngestConsumer(options, pipeline, metrics, log).RunAsync(stoppingToken), CancellationToken.None);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(ex, "Ingest consumer failed; starting it again in 5 s");
                try { await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken); }
                catch (OperationCanceledException) { }
            }
        }
        await reporting;
    }

    private async Task ReportAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(StatusInterval, ct);
                await status.WriteAsync(projections.NodeName, metrics.Snapshot(), ct);
            }
            catch (OperationCanceledException) { }
            catch (Exception ex)
            {
                log.LogDebug("Ingest status not written: {Error}", ex.Message);
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _mock?.Dispose();
    }
}
