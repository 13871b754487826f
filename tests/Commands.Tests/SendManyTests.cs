using System.Text.Json;
using Es.Domain;
using Es.EventStore;

namespace Es.Commands.Tests;

/// <summary>
/// SendManyAsync against SendAsync: the same commands, sent one by one into one fresh store and as
/// one batch into another, must give the same results and store the same events.
/// </summary>
public sealed class SendManyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 2, 12, 0, 0, TimeSpan.FromHours(1));
    private static readonly Guid SaleKnown = Guid.NewGuid(), SaleKeyed = Guid.NewGuid(), SaleNew = Guid.NewGuid(), SaleNewRefunded = Guid.NewGuid();
    private static readonly Guid OrderKnown = Guid.NewGuid(), OrderNew = Guid.NewGuid(), Member = Guid.NewGuid(), SaleMisshapen = Guid.NewGuid();

    private static CommandContext Ingest(string key, string? correlation = "corr") =>
        new(Actor.System("kafka:sales"), "kafka:sales/0/" + key) { IdempotencyKey = key, CorrelationId = correlation is null ? null : correlation + key, CausationId = "cause-" + key };

    private static RecordSale Record(Guid id, decimal amount, string source) =>
        new(id, "merchant-1", "visa", "cust-1", new Money(amount, "EUR"), Noon, source);

    private static RefundSale Refund(Guid id, string refundId, decimal amount, string source) =>
        new(id, refundId, new Money(amount, "EUR"), Noon.AddHours(1), source);

    /// <summary>Stored before the batch, in both stores, one by one.</summary>
    private static IReadOnlyList<(Command, CommandContext)> Setup() =>
    [
        (Record(SaleKnown, 100m, "s-known"), Ingest("setup-1")),
        (new PlaceOrder(OrderKnown, "cust-2", "rest-1", [new OrderItem("Soup", 2, 4.50m)], new Money(9m, "EUR"), "centre", Noon, "o-known"), Ingest("setup-2")),
        (Record(SaleKeyed, 30m, "s-keyed"), Ingest("already-applied")),
    ];

    private static IReadOnlyList<(Command Command, CommandContext Context)> Batch() =>
    [
        (Record(SaleNew, 20m, "s-new"), Ingest("b1")),                                  // a new stream
        (Refund(SaleKnown, "r1", 10m, "r1-src"), Ingest("b2")),                           // an existing stream
        (Record(SaleNewRefunded, 50m, "s-new-2"), Ingest("b3")),                          // two commands on one new stream ...
        (Refund(SaleNewRefunded, "r1", 5m, "r2-src"), Ingest("b4")),                      // ... the second decided on the first
        (Refund(SaleKnown, "r2", 5m, "r3-src") with { Amount = new Money(5m, "USD") }, Ingest("b5")), // a rule broken in the middle
        (Record(SaleKeyed, 30m, "s-keyed"), Ingest("already-applied")),                   // an idempotency key already applied
        (new DeliverOrder(OrderKnown, Noon.AddMinutes(40), 3.2m, new Money(2.5m, "EUR"), "o-delivered"), Ingest("b7")),
        (new PlaceOrder(OrderNew, "cust-3", "rest-2", [new OrderItem("Pie", 1, 7m)], new Money(7m, "EUR"), "north", Noon, "o-new"),
            new CommandContext(Actor.System("kafka:orders"), "kafka:orders/1/9")),        // no key, no correlation id
        (Record(SaleMisshapen, 10m, "") with { MerchantId = "" }, Ingest("b9")),          // the wrong shape
        (Refund(SaleNewRefunded, "r1", 5m, "r2-src"), Ingest("b10")),                     // the same refund again: unchanged
        (new RegisterMember(Member, "m_" + Member.ToString("N")[..12], "Member", "lisbon", ["running"], 1990),
            new CommandContext(Actor.Member(Member), "graphql")),                         // prerequisites and member facts: its own trip
        (Refund(SaleKnown, "r3", 15m, "r4-src"), Ingest("b12")),                          // the existing stream again, after its rejection
    ];

    [Fact]
    public async Task A_mixed_batch_gives_the_results_and_stores_the_events_that_sending_one_by_one_does()
    {
        await using var oneByOne = await Fresh();
        await using var batched = await Fresh();
        foreach (var fixture in new[] { oneByOne, batched })
            foreach (var (command, context) in Setup())
                Assert.True((await fixture.Pipeline.SendAsync(command, context)).Succeeded);

        var expected = new List<CommandResult>();
        foreach (var (command, context) in Batch()) expected.Add(await oneByOne.Pipeline.SendAsync(command, context));
        var actual = await batched.Pipeline.SendManyAsync(Batch());

        // The scenario itself: what each command must come to (so the comparison below compares something).
        Assert.Equal(Batch().Count, actual.Count);
        Assert.Equal([true, true, true, true, false, true, true, true, false, true, true, true], actual.Select(r => r.Succeeded));
        Assert.Equal(Sale.Reasons.CurrencyMismatch, Assert.Single(actual[4].Rejections).Reason);
        Assert.True(actual[5].AlreadyApplied);
        Assert.Empty(actual[9].Events);
        Assert.Equal(2, actual[3].Version);
        Assert.Equal(100m - 10m - 15m, ((SaleRefunded)Assert.Single(actual[11].Events)).Remaining.Amount);

        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].StreamId, actual[i].StreamId);
            Assert.Equal(expected[i].Version, actual[i].Version);
            Assert.Equal(expected[i].AlreadyApplied, actual[i].AlreadyApplied);
            Assert.Equal(expected[i].Rejections, actual[i].Rejections);
            Assert.Equal(Json(expected[i].Events), Json(actual[i].Events));
            // Positions differ between stores; each must point at the event the result's version names.
            Assert.Equal(await SequenceAt(oneByOne, expected[i]), expected[i].LastSequence);
            Assert.Equal(await SequenceAt(batched, actual[i]), actual[i].LastSequence);
        }

        var streams = Batch().Select(b => Deciders.For(b.Command).StreamId(b.Command)).Distinct().ToList();
        foreach (var stream in streams)
        {
            var want = await oneByOne.Store.ReadStreamAsync(stream);
            var got = await batched.Store.ReadStreamAsync(stream);
            Assert.Equal(want.Select(Comparable), got.Select(Comparable));
        }
    }

    [Fact]
    public async Task A_stream_moved_by_a_racer_between_read_and_append_has_its_commands_decided_again_and_the_rest_is_appended_once()
    {
        await using var fixture = await Fresh();
        var saleA = Guid.NewGuid();
        var saleB = Guid.NewGuid();
        Assert.True((await fixture.Pipeline.SendAsync(Record(saleA, 100m, "a"), Ingest("a"))).Succeeded);
        // The racer refunds 60 of sale A right after the batch has read it.
        var racing = new RacingStore(fixture.Store, async inner =>
        {
            var racer = new CommandPipeline(inner, TimeProvider.System);
            Assert.True((await racer.SendAsync(Refund(saleA, "racer", 60m, "racer"), Ingest("racer"))).Succeeded);
        });
        var pipeline = new CommandPipeline(racing, TimeProvider.System);

        var results = await pipeline.SendManyAsync(
        [
            (Refund(saleA, "r1", 30m, "r1"), Ingest("r1")),   // fits after the racer: 100 - 60 - 30 = 10
            (Record(saleB, 40m, "b"), Ingest("b")),
            (Refund(saleA, "r2", 30m, "r2"), Ingest("r2")),   // decided on the racer's refund, it exceeds what remains: refused, recorded
        ]);

        Assert.True(results[0].Succeeded);
        Assert.Equal(3, results[0].Version);
        Assert.True(results[1].Succeeded);
        var refused = Assert.IsType<SaleRefundRefused>(Assert.Single(results[2].Events));
        Assert.Equal((Sale.Reasons.ExceedsRemaining, 10m), (refused.Reason, refused.Remaining.Amount));
        var a = await fixture.Store.ReadStreamAsync(Sale.StreamId(saleA));
        Assert.Equal(["racer", "r1"], a.Select(e => e.Data).OfType<SaleRefunded>().Select(r => r.RefundId));
        Assert.Single(await fixture.Store.ReadStreamAsync(Sale.StreamId(saleB)));
    }

    [Fact]
    public async Task A_batch_sent_twice_with_the_same_keys_stores_nothing_new_the_second_time()
    {
        await using var fixture = await Fresh();
        var sale = Guid.NewGuid();
        IReadOnlyList<(Command, CommandContext)> batch =
        [
            (Record(sale, 80m, "x"), Ingest("x1")),
            (Refund(sale, "r", 20m, "x-r"), Ingest("x2")),
        ];

        var first = await fixture.Pipeline.SendManyAsync(batch);
        var second = await fixture.Pipeline.SendManyAsync(batch);

        Assert.All(first, r => Assert.False(r.AlreadyApplied));
        Assert.All(second, r => Assert.True(r.AlreadyApplied));
        // As SendAsync reports a replay: at the stream's last position, the state it was found in.
        Assert.All(second, r => Assert.Equal(first[^1].LastSequence, r.LastSequence));
        Assert.Equal(2, (await fixture.Store.ReadStreamAsync(Sale.StreamId(sale))).Count);
    }

    private static async Task<long> SequenceAt(OwnedFixture fixture, CommandResult result)
    {
        if (!result.Succeeded || result.Version == 0) return 0;
        var stream = await fixture.Store.ReadStreamAsync(result.StreamId, new StreamReadOptions { FromVersion = result.Version, ToVersion = result.Version });
        return Assert.Single(stream).Sequence;
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType());

    // v7 ids (no key) and correlation ids made up for a missing one differ by construction; the rest must match.
    private static string Comparable(RecordedEvent e) => string.Join("|",
        Unkeyed(e) ? "v7" : e.EventId.ToString(),
        e.StreamVersion, e.EventType, e.SchemaVersion, JsonSerializer.Serialize(e.Data, e.Data.GetType()), e.Metadata.Actor,
        e.Metadata.CorrelationId is null ? "none" : Unkeyed(e) ? "made" : e.Metadata.CorrelationId,
        e.Metadata.CausationId, e.Metadata.Source);

    // Only the batch's kafka:sales contexts carry a key and a correlation id.
    private static bool Unkeyed(RecordedEvent e) => !e.Metadata.Source!.StartsWith("kafka:sales", StringComparison.Ordinal);

    private static async Task<OwnedFixture> Fresh()
    {
        var fixture = new OwnedFixture();
        await fixture.InitializeAsync();
        return fixture;
    }

    private sealed class OwnedFixture : IAsyncDisposable
    {
        private readonly PipelineFixture _inner = new();
        public MartenEventStore Store => _inner.Store;
        // A stopped clock, so events that carry the decision's instant (a registration's) compare equal across stores.
        public CommandPipeline Pipeline => field ??= new CommandPipeline(_inner.Store, new StoppedClock(Noon.AddDays(1)));
        public Task InitializeAsync() => _inner.InitializeAsync();
        public async ValueTask DisposeAsync() => await _inner.DisposeAsync();
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    /// <summary>The real store, with a racer that writes once right after the first multi-stream read.</summary>
    private sealed class RacingStore(IEventStore inner, Func<IEventStore, Task> race) : IEventStore
    {
        private bool _raced;

        public async Task<IReadOnlyDictionary<string, IReadOnlyList<RecordedEvent>>> ReadStreamsAsync(IReadOnlyCollection<string> streamIds,
            CancellationToken ct = default)
        {
            var read = await inner.ReadStreamsAsync(streamIds, ct);
            if (!_raced)
            {
                _raced = true;
                await race(inner);
            }
            return read;
        }

        public Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventData> events,
            EventMetadata? metadata = null, CancellationToken ct = default) => inner.AppendAsync(streamId, expected, events, metadata, ct);
        public Task<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<StreamAppend> appends, CancellationToken ct = default) =>
            inner.AppendManyAsync(appends, ct);
        public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, StreamReadOptions? options = null, CancellationToken ct = default) =>
            inner.ReadStreamAsync(streamId, options, ct);
        public Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken ct = default) => inner.GetStreamAsync(streamId, ct);
        public Task ArchiveStreamAsync(string streamId, CancellationToken ct = default) => inner.ArchiveStreamAsync(streamId, ct);
        public Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(IReadOnlyList<long> sequences, CancellationToken ct = default) =>
            inner.ReadEventsAsync(sequences, ct);
        public Task<IReadOnlyList<RecordedEvent>> QueryEventsAsync(EventQuery query, CancellationToken ct = default) => inner.QueryEventsAsync(query, ct);
    }
}
