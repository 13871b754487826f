namespace Es.Ingest.Kafka;

/// <summary>Es:Kafka: where Kafka is, which topics carry which contracts, and how big a batch is.</summary>
public sealed class KafkaIngestOptions
{
    public const string Section = "Es:Kafka";

    /// <summary>False turns ingest off (no consumer, no mock cluster).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>host:port[,...]</c>; when empty the host starts the embedded mock cluster and logs its address.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>True once the host has started the embedded mock cluster (no BootstrapServers configured) and pointed these options at it.</summary>
    public bool UsesEmbeddedCluster { get; private set; }

    /// <summary>Points the options at the embedded mock cluster the host started.</summary>
    public void UseEmbeddedCluster(string bootstrapServers)
    {
        BootstrapServers = bootstrapServers;
        UsesEmbeddedCluster = true;
    }

    public string GroupId { get; set; } = "es-ingest";

    /// <summary>The Kafka topic of the sales contracts.</summary>
    public string SalesTopic { get; set; } = "sales";

    /// <summary>The Kafka topic of the orders contracts.</summary>
    public string OrdersTopic { get; set; } = "orders";

    /// <summary>At most this many messages go through the pipeline in one SendManyAsync.</summary>
    public int MaxBatch { get; set; } = 5_000;

    /// <summary>How long a batch waits to fill once its first message is in.</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest pause between two attempts while the database is away (the pause doubles up to this).</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the group waits for a silent member before moving its partitions (librdkafka's
    /// <c>session.timeout.ms</c>, 45 s by default; a broker allows 6-300 s). The embedded mock also
    /// holds every rebalance this long less 1 s unless all known members rejoin.
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>The dead-letter topic of a topic.</summary>
    public static string DeadLetterTopicOf(string topic) => topic + ".dlq";

    /// <summary>The logical topic (contracts) of a Kafka topic, or null when this consumer does not read it.</summary>
    public string? LogicalTopicOf(string topic) =>
        topic == SalesTopic ? Contracts.IngestTopics.Sales : topic == OrdersTopic ? Contracts.IngestTopics.Orders : null;

    public void Validate()
    {
        if (MaxBatch is < 1 or > 100_000) throw new ArgumentOutOfRangeException(nameof(MaxBatch), MaxBatch, "Es:Kafka:MaxBatch must be 1..100000.");
        if (SessionTimeout < TimeSpan.FromSeconds(6) || SessionTimeout > TimeSpan.FromMinutes(5))
            throw new ArgumentOutOfRangeException(nameof(SessionTimeout), SessionTimeout, "Es:Kafka:SessionTimeout must be 6 s to 5 min.");
        if (string.IsNullOrWhiteSpace(GroupId)) throw new ArgumentException("Es:Kafka:GroupId must be set.");
        if (string.IsNullOrWhiteSpace(SalesTopic) || string.IsNullOrWhiteSpace(OrdersTopic) || SalesTopic == OrdersTopic)
            throw new ArgumentException("Es:Kafka:SalesTopic and Es:Kafka:OrdersTopic must be two different names.");
    }
}
