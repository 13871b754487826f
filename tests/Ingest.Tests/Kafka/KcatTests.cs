using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Es.Ingest.Kafka;

namespace Es.Ingest.Tests.Kafka;

/// <summary>The mock cluster serves clients outside this process, by its bootstrap address alone.</summary>
public class KcatTests(MockKafkaCluster cluster) : IClassFixture<MockKafkaCluster>
{
    [Fact]
    public async Task Kcat_lists_the_metadata_of_the_mock_cluster()
    {
        var topic = KafkaTopics.Unique("kcat-metadata");
        await ProduceAsync(topic, ("k", "v"));

        var result = await Kcat.RunAsync(["-b", cluster.BootstrapServers, "-L", "-t", topic]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("1 brokers:", result.Output);
        Assert.Contains($"topic \"{topic}\" with 4 partitions", result.Output);
    }

    [Fact]
    public async Task Kcat_consumes_messages_produced_by_a_dotnet_producer()
    {
        var topic = KafkaTopics.Unique("kcat-consume");
        var sent = Enumerable.Range(0, 20).Select(i => ($"member-{i % 3}", $"joined {i}")).ToArray();
        await ProduceAsync(topic, sent);

        var result = await Kcat.RunAsync(["-b", cluster.BootstrapServers, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k=%s\n"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(sent.Select(m => $"{m.Item1}={m.Item2}").Order(), lines.Order());
    }

    [Fact]
    public async Task A_message_kcat_produces_is_consumed_by_a_dotnet_consumer_with_its_key_and_header()
    {
        var topic = KafkaTopics.Unique("kcat-produce");

        var produced = await Kcat.RunAsync(["-b", cluster.BootstrapServers, "-P", "-t", topic, "-K", ":", "-H", "source=kcat"], input: "sale-42:{\"total\":12.5}\n");
        Assert.True(produced.ExitCode == 0, produced.Error);

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = KafkaTopics.Unique("group"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        ConsumeResult<string, string>? result = null;
        var deadline = Stopwatch.StartNew();
        while (result is null && deadline.Elapsed < TimeSpan.FromSeconds(30))
            result = consumer.Consume(TimeSpan.FromMilliseconds(250));
        consumer.Close();

        Assert.NotNull(result);
        Assert.Equal("sale-42", result.Message.Key);
        Assert.Equal("{\"total\":12.5}", result.Message.Value);
        Assert.True(result.Message.Headers.TryGetLastBytes("source", out var source));
        Assert.Equal("kcat", Encoding.UTF8.GetString(source));
    }

    private async Task ProduceAsync(string topic, params (string Key, string Value)[] messages)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        foreach (var (key, value) in messages)
            await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = value });
    }
}
