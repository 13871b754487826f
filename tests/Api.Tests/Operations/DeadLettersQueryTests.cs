using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Es.Api.Schema;
using Es.Api.Tests.Ingest;
using Es.Ingest.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Api.Tests.Operations;

/// <summary>
/// <c>deadLetters</c> and <c>replayDeadLetter</c> against the host's embedded mock Kafka cluster:
/// bad messages produced into the sales topic come back from the API with where they came from and
/// why; a refund that came before its sale is stored once the sale is there and it is replayed.
/// Administrators only.
/// </summary>
public sealed class DeadLettersQueryTests(IngestHost api) : IClassFixture<IngestHost>
{
    private const string List = """
        query($topic: String) {
          deadLetters(topic: $topic, first: 50) {
            ingestEnabled topics
            nodes { topic partition offset originalTopic originalPartition originalOffset reason field message deadLetteredAt key valuePreview valueBytes
                    replays { fromTopic fromPartition fromOffset topic partition offset replayedBy replayedAt } }
          }
        }
        """;

    private const string Replay = """
        mutation($topic: String!, $partition: Int!, $offset: Float!) {
          replayDeadLetter(topic: $topic, partition: $partition, offset: $offset) { fromTopic fromPartition fromOffset topic partition offset replayedBy replayedAt }
        }
        """;

    private string SalesTopic => "sales-" + api.Schema;

    private async Task<string> ServersAsync()
    {
        var options = api.Host.Services.GetRequiredService<KafkaIngestOptions>();
        var until = Stopwatch.StartNew();
        while (string.IsNullOrEmpty(options.BootstrapServers) && until.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100);
        Assert.True(options.UsesEmbeddedCluster, "the host started the embedded cluster");
        return options.BootstrapServers!;
    }

    private async Task ProduceAsync(params (string Key, string Value)[] messages)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = await ServersAsync(), Acks = Acks.All }).Build();
        foreach (var (key, value) in messages) await producer.ProduceAsync(SalesTopic, new Message<string, string> { Key = key, Value = value });
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> get, Func<T, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await get();
            if (done(value)) return value;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"timed out waiting for {what}: {value}");
            await Task.Delay(250);
        }
    }

    private async Task<string[]> StreamAsync(string streamId, string token) =>
        (await api.DataAsync("query($id: String!) { audit { stream(id: $id, first: 10) { nodes { type } } } }", new { id = streamId }, token))
        .GetProperty("audit").GetProperty("stream").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("type").GetString()!).ToArray();

    [Fact]
    public async Task Administrators_see_dead_letters_with_their_origin_and_reason_and_replay_a_refund_once_its_sale_has_come()
    {
        var admin = await api.SignUpWithRoleAsync("dlq_admin", EsRoles.Administrator);
        var sale = Guid.NewGuid();
        const string notJson = "2026-11-02;m-1;1250;EUR";
        var wrongType = JsonSerializer.Serialize(new
        {
            type = "sale.recorded", version = 1, saleId = Guid.NewGuid(), merchantId = "m-1", platform = "visa", customerToken = "c-1",
            amountMinor = "1250", currency = "EUR", approvedAt = "2026-11-02T12:00:00Z",
        });
        var refund = JsonSerializer.Serialize(new
        {
            type = "sale.refunded", version = 1, id = "dlq-refund", saleId = sale, refundId = "rf-1", amountMinor = 250, currency = "EUR",
            refundedAt = "2026-11-02T15:00:00Z",
        });
        await ProduceAsync(("sale-csv", notJson), ("sale-wrong", wrongType), ($"sale-{sale}", refund));

        var list = await EventuallyAsync(async () => (await api.DataAsync(List, token: admin)).GetProperty("deadLetters"),
            l => l.GetProperty("nodes").GetArrayLength() == 3, "three dead letters");
        Assert.True(list.GetProperty("ingestEnabled").GetBoolean());
        Assert.Equal([SalesTopic + ".dlq", "orders-" + api.Schema + ".dlq"], list.GetProperty("topics").EnumerateArray().Select(t => t.GetString()!).ToArray());
        var byKey = list.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("key").GetString()!);
        Assert.Equal(new[] { "sale-csv", "sale-wrong", $"sale-{sale}" }.Order(), byKey.Keys.Order());
        Assert.Equal("NOT_JSON", byKey["sale-csv"].GetProperty("reason").GetString());
        Assert.Equal("WRONG_TYPE", byKey["sale-wrong"].GetProperty("reason").GetString());
        Assert.Equal("amountMinor", byKey["sale-wrong"].GetProperty("field").GetString());
        Assert.Equal("REJECTED", byKey[$"sale-{sale}"].GetProperty("reason").GetString());
        Assert.Contains("SALE_NOT_FOUND", byKey[$"sale-{sale}"].GetProperty("message").GetString());
        foreach (var (key, value) in new[] { ("sale-csv", notJson), ("sale-wrong", wrongType), ($"sale-{sale}", refund) })
        {
            var letter = byKey[key];
            Assert.Equal(SalesTopic + ".dlq", letter.GetProperty("topic").GetString());
            Assert.Equal(SalesTopic, letter.GetProperty("originalTopic").GetString());
            Assert.InRange(letter.GetProperty("originalPartition").GetInt32(), 0, 3); // the mock's topics have 4 partitions
            Assert.Equal(value.Length <= 200 ? value : value[..200] + "…", letter.GetProperty("valuePreview").GetString());
            Assert.Equal(Encoding.UTF8.GetByteCount(value), letter.GetProperty("valueBytes").GetInt32());
            Assert.True(letter.GetProperty("deadLetteredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        }
        // Where each came from: partition and offset within the sales topic are each message's own.
        Assert.Equal(3, byKey.Values.Select(l => (l.GetProperty("originalPartition").GetInt32(), l.GetProperty("originalOffset").GetDouble())).Distinct().Count());
        var orders = (await api.DataAsync(List, new { topic = "orders-" + api.Schema + ".dlq" }, admin)).GetProperty("deadLetters");
        Assert.Equal(0, orders.GetProperty("nodes").GetArrayLength());

        // The cause fixed (the sale arrives), the refund's dead letter replayed: the refund is stored after the sale.
        await ProduceAsync(($"sale-{sale}", JsonSerializer.Serialize(new
        {
            type = "sale.recorded", version = 1, saleId = sale, merchantId = "m-1", platform = "visa", customerToken = "c-1",
            amountMinor = 1250, currency = "EUR", approvedAt = "2026-11-02T12:00:00Z",
        })));
        await EventuallyAsync(() => StreamAsync($"sale-{sale}", admin), s => s.Length == 1, "the late sale");
        var letterOfRefund = byKey[$"sale-{sale}"];
        var replayed = (await api.DataAsync(Replay, new
        {
            topic = letterOfRefund.GetProperty("topic").GetString(), partition = letterOfRefund.GetProperty("partition").GetInt32(),
            offset = letterOfRefund.GetProperty("offset").GetDouble(),
        }, admin)).GetProperty("replayDeadLetter");
        Assert.Equal(SalesTopic, replayed.GetProperty("topic").GetString());
        Assert.Equal(letterOfRefund.GetProperty("offset").GetDouble(), replayed.GetProperty("fromOffset").GetDouble());
        Assert.Equal(["SaleRecorded", "SaleRefunded"], await EventuallyAsync(() => StreamAsync($"sale-{sale}", admin), s => s.Length == 2, "the replayed refund"));

        // The replay is recorded: the list shows it on the refund's dead letter (which Kafka keeps), by this administrator, and on no other.
        var me = (await api.DataAsync("{ me { id } }", token: admin)).GetProperty("me").GetProperty("id").GetString();
        Assert.Equal($"admin:{me}", replayed.GetProperty("replayedBy").GetString());
        var after = (await api.DataAsync(List, token: admin)).GetProperty("deadLetters").GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("key").GetString()!);
        Assert.Equal(3, after.Count);
        var recorded = Assert.Single(after[$"sale-{sale}"].GetProperty("replays").EnumerateArray());
        foreach (var field in new[] { "fromTopic", "topic", "replayedBy" })
            Assert.Equal(replayed.GetProperty(field).GetString(), recorded.GetProperty(field).GetString());
        foreach (var field in new[] { "fromPartition", "fromOffset", "partition", "offset" })
            Assert.Equal(replayed.GetProperty(field).GetDouble(), recorded.GetProperty(field).GetDouble());
        Assert.Equal(replayed.GetProperty("replayedAt").GetDateTimeOffset(), recorded.GetProperty("replayedAt").GetDateTimeOffset());
        Assert.Empty(after["sale-csv"].GetProperty("replays").EnumerateArray());
        Assert.Empty(after["sale-wrong"].GetProperty("replays").EnumerateArray());
    }

    [Fact]
    public async Task Replaying_what_is_not_there_or_outside_the_dead_letter_topics_is_refused_and_only_administrators_may_ask()
    {
        var admin = await api.SignUpWithRoleAsync("dlq_admin2", EsRoles.Administrator);
        var auditor = await api.SignUpWithRoleAsync("dlq_auditor", EsRoles.Auditor);
        await ServersAsync();

        var clock = Stopwatch.StartNew();
        var missing = ApiHost.SingleError(await api.GraphQLAsync(Replay, new { topic = "orders-" + api.Schema + ".dlq", partition = 0, offset = 123456.0 }, admin));
        Assert.Equal("NOT_FOUND", ApiHost.Code(missing));
        Assert.Equal("NO_DEAD_LETTER", missing.GetProperty("extensions").GetProperty("reason").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), $"answered without waiting for the offset to come ({clock.Elapsed})");

        var foreign = ApiHost.SingleError(await api.GraphQLAsync(Replay, new { topic = SalesTopic, partition = 0, offset = 0.0 }, admin));
        Assert.Equal("VALIDATION", ApiHost.Code(foreign));
        Assert.Equal("UNKNOWN_TOPIC", foreign.GetProperty("extensions").GetProperty("reason").GetString());
        Assert.Equal("replayDeadLetter", foreign.GetProperty("path")[0].GetString());
        var fraction = ApiHost.SingleError(await api.GraphQLAsync(Replay, new { topic = SalesTopic + ".dlq", partition = 0, offset = 1.5 }, admin));
        Assert.Equal("BAD_OFFSET", fraction.GetProperty("extensions").GetProperty("reason").GetString());

        foreach (var token in new[] { auditor, (await api.SignUpAsync("dlq_member")).AccessToken })
        {
            Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(List, token: token))));
            Assert.Equal("FORBIDDEN", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(Replay, new { topic = SalesTopic + ".dlq", partition = 0, offset = 0.0 }, token))));
        }
        Assert.Equal("UNAUTHENTICATED", ApiHost.Code(ApiHost.SingleError(await api.GraphQLAsync(List))));
    }
}

/// <summary>On a host with Kafka ingest off, there is nothing to list and nothing to replay.</summary>
public sealed class DeadLettersWithoutKafkaTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Without_Kafka_ingest_the_list_is_empty_and_says_so_and_a_replay_is_refused_as_INGEST_OFF()
    {
        var admin = await api.SignUpWithRoleAsync("nokafka_admin", EsRoles.Administrator);
        var list = (await api.DataAsync("{ deadLetters { ingestEnabled topics nodes { offset } } }", token: admin)).GetProperty("deadLetters");
        Assert.False(list.GetProperty("ingestEnabled").GetBoolean());
        Assert.Equal(["sales.dlq", "orders.dlq"], list.GetProperty("topics").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(0, list.GetProperty("nodes").GetArrayLength());

        var refused = ApiHost.SingleError(await api.GraphQLAsync(
            """mutation { replayDeadLetter(topic: "sales.dlq", partition: 0, offset: 0) { topic } }""", token: admin));
        Assert.Equal("INVALID_STATE", ApiHost.Code(refused));
        Assert.Equal("INGEST_OFF", refused.GetProperty("extensions").GetProperty("reason").GetString());
    }
}
