namespace Es.Ingest.Tests.Kafka;

/// <summary>Names no other test uses, so tests share one mock cluster without seeing each other's messages.</summary>
internal static class KafkaTopics
{
    public static string Unique(string purpose) => $"{purpose}-{Guid.NewGuid():N}";
}
