using Es.EventStore;
using Es.Ingest.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Es.Api.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Kafka ingest (Es:Kafka, <see cref="KafkaIngestOptions"/>): the options, the metrics, the
    /// status store the CLI reads, and, unless <paramref name="runConsumer"/> is false (the CLI) or
    /// Es:Kafka:Enabled is false, the consumer with its <c>ingest</c> health check. Without
    /// Es:Kafka:BootstrapServers the consumer starts the embedded mock cluster and logs its address.
    /// </summary>
    public static IServiceCollection AddEsIngest(this IServiceCollection services, IConfiguration configuration, bool runConsumer)
    {
        var options = new KafkaIngestOptions();
        configuration.GetSection(KafkaIngestOptions.Section).Bind(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(new IngestMetrics());
        services.AddSingleton(sp =>
        {
            var store = sp.GetRequiredService<MartenEventStore>();
            return new IngestStatusStore(store.DataSource, store.Options.Schema);
        });
        services.AddSingleton(sp =>
        {
            var store = sp.GetRequiredService<MartenEventStore>();
            return new DeadLetterReplays(store.DataSource, store.Options.Schema);
        });
        if (runConsumer && options.Enabled)
        {
            services.AddHostedService<IngestHostedService>();
            services.AddHealthChecks().AddCheck<IngestHealthCheck>("ingest", HealthStatus.Degraded);
        }
        return services;
    }
}
