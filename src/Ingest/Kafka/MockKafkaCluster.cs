using Confluent.Kafka;

namespace Es.Ingest.Kafka;

/// <summary>
/// librdkafka's in-process mock Kafka cluster: the embedded default when no Kafka is configured,
/// and what tests run against. It speaks the Kafka protocol on a local port, so other clients
/// and other processes (kcat) reach it at <see cref="BootstrapServers"/>.
/// </summary>
/// <remarks>
/// Development and tests only: it keeps about 5 MiB per partition and silently drops older
/// messages. It does not implement CreateTopics (the request times out): topics are created,
/// with 4 partitions, when first produced to.
/// </remarks>
public sealed class MockKafkaCluster : IDisposable
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    // The cluster lives exactly as long as the client that created it.
    private readonly IProducer<byte[], byte[]> _owner;

    /// <summary>Starts a cluster of one broker on a free local port.</summary>
    public MockKafkaCluster()
    {
        KafkaNativeLibrary.Use();

        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", "1");
        _owner = new ProducerBuilder<byte[], byte[]>(config).Build();
        try
        {
            // The mock picks its ports; the owner's metadata is the only place to read them.
            using var admin = new DependentAdminClientBuilder(_owner.Handle).Build();
            var metadata = admin.GetMetadata(MetadataTimeout);
            BootstrapServers = string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
        }
        catch
        {
            _owner.Dispose();
            throw;
        }
    }

    /// <summary>The mock brokers' addresses, <c>host:port[,host:port...]</c>, for any Kafka client.</summary>
    public string BootstrapServers { get; }

    public void Dispose() => _owner.Dispose();
}
