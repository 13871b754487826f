using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Es.Ingest.Kafka;

namespace Es.Ingest.Tests.Kafka;

public class MockKafkaClusterTests(MockKafkaCluster cluster) : IClassFixture<MockKafkaCluster>
{
    // Joining a group on the mock takes ~3 s; this bounds join and consumption together.
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Bootstrap_servers_name_one_broker_on_the_loopback_address()
    {
        Assert.Matches(@"^127\.0\.0\.1:\d+$", cluster.BootstrapServers);
    }

    [Fact]
    public async Task Messages_produced_to_the_mock_round_trip_through_a_consumer_group_with_keys_and_headers()
    {
        var topic = KafkaTopics.Unique("round-trip");
        var sent = Enumerable.Range(0, 100)
            .Select(i => (Key: $"post-{i % 7}", Value: $"{{\"n\":{i}}}", Trace: $"trace-{i}"))
            .ToList();

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
            {
                BootstrapServers = cluster.BootstrapServers,
                Acks = Acks.All,
                EnableIdempotence = true,
            }).Build())
        {
            foreach (var (key, value, trace) in sent)
            {
                var report = await producer.ProduceAsync(topic, new Message<string, string>
                {
                    Key = key,
                    Value = value,
                    Headers = new Headers { { "trace-id", Encoding.UTF8.GetBytes(trace) } },
                });
                Assert.Equal(PersistenceStatus.Persisted, report.Status);
            }
        }

        var received = new List<(string Key, string Value, string Trace)>();
        using (var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
            {
                BootstrapServers = cluster.BootstrapServers,
                GroupId = KafkaTopics.Unique("group"),
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
            }).Build())
        {
            consumer.Subscribe(topic);
            var deadline = Stopwatch.StartNew();
            while (received.Count < sent.Count && deadline.Elapsed < ConsumeTimeout)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(250));
                if (result is null) continue;
                var trace = result.Message.Headers.TryGetLastBytes("trace-id", out var bytes) ? Encoding.UTF8.GetString(bytes) : "";
                received.Add((result.Message.Key, result.Message.Value, trace));
                consumer.Commit(result);
            }
            consumer.Close();
        }

        // Kafka orders within a partition, and one key always goes to one partition.
        Assert.Equal(sent.OrderBy(m => m.Trace), received.OrderBy(m => m.Trace));
        foreach (var key in sent.Select(m => m.Key).Distinct())
            Assert.Equal(sent.Where(m => m.Key == key), received.Where(m => m.Key == key));
    }
}
