using Es.Domain;
using Es.Ingest.Contracts;
using Es.Ingest.Kafka;

namespace Es.Ingest.Tests.Kafka;

public sealed class KafkaIngestTests(IngestFixture app) : IClassFixture<IngestFixture>
{
    [Fact]
    public async Task Sales_and_orders_produced_to_their_topics_are_stored_as_events_with_amounts_from_minor_units()
    {
        var options = app.Options("happy");
        Guid sale = Guid.NewGuid(), yen = Guid.NewGuid(), delivered = Guid.NewGuid(), cancelled = Guid.NewGuid();
        await app.ProduceAsync(options.SalesTopic,
            Messages.SaleRecorded(sale, 1250), Messages.SaleRefunded(sale, "rf-1", 250), Messages.SaleRecorded(yen, 980, "JPY"));
        await app.ProduceAsync(options.OrdersTopic,
            Messages.OrderPlaced(delivered), Messages.OrderDelivered(delivered), Messages.OrderPlaced(cancelled), Messages.OrderCancelled(cancelled));

        await using var consumer = app.Start(options);
        await IngestFixture.WaitUntilAsync(async () => (await Stored(sale, yen, delivered, cancelled)).Count == 7, "7 events");

        var saleEvents = await app.Events.Store.ReadStreamAsync(Sale.StreamId(sale));
        var recorded = Assert.IsType<SaleRecorded>(saleEvents[0].Data);
        Assert.Equal(new Money(12.50m, "EUR"), recorded.Amount);                       // 1250 cents
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 11, 0, 0, TimeSpan.Zero), recorded.ApprovedAt.ToUniversalTime());
        var refunded = Assert.IsType<SaleRefunded>(saleEvents[1].Data);
        Assert.Equal(new Money(12.50m - 2.50m, "EUR"), refunded.Remaining);
        Assert.Equal(new Money(980m, "JPY"), ((SaleRecorded)(await app.Events.Store.ReadStreamAsync(Sale.StreamId(yen)))[0].Data).Amount); // yen have no minor unit
        var placed = Assert.IsType<OrderPlaced>((await app.Events.Store.ReadStreamAsync(Order.StreamId(delivered)))[0].Data);
        Assert.Equal(new Money(23.00m + 6.00m, "EUR"), placed.Total);
        Assert.Equal(11.50m, placed.Items[0].UnitPrice);
        Assert.Equal(["OrderPlaced", "OrderCancelled"], (await app.Events.Store.ReadStreamAsync(Order.StreamId(cancelled))).Select(e => e.EventType));
        // The source: the Kafka coordinates; the actor: the ingest source, never the message.
        Assert.StartsWith($"kafka:{options.SalesTopic}/", saleEvents[0].Metadata.Source);
        Assert.Equal($"kafka:{options.SalesTopic}", saleEvents[0].Metadata.Actor);
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(consumer.Metrics.Stored == 7 && consumer.Metrics.Consumed == 7), "the metrics to count 7");
    }

    [Fact]
    public async Task A_sale_produced_by_kcat_is_stored()
    {
        var options = app.Options("kcat");
        var sale = Guid.NewGuid();
        var (key, value) = Messages.SaleRecorded(sale, 4999, id: "pos-77");
        var produced = await Kcat.RunAsync(["-b", app.Cluster.BootstrapServers, "-P", "-t", options.SalesTopic, "-K", "\t"], $"{key}\t{value}\n");
        Assert.True(produced.ExitCode == 0, produced.Error);

        await using var consumer = app.Start(options);
        await IngestFixture.WaitUntilAsync(async () => (await Stored(sale)).Count == 1, "the kcat sale");

        var e = Assert.Single(await app.Events.Store.ReadStreamAsync(Sale.StreamId(sale)));
        Assert.Equal(new Money(49.99m, "EUR"), ((SaleRecorded)e.Data).Amount);
        Assert.Equal("pos-77", ((SaleRecorded)e.Data).SourceId);  // the producer's message id is the source id
    }

    [Fact]
    public async Task A_consumer_stopped_after_storing_but_before_committing_is_followed_by_one_that_stores_nothing_twice()
    {
        var options = app.Options("redelivery");
        var sales = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToArray();
        // Half with the producer's message id, half keyed by their offsets: both must be recognised.
        await app.ProduceAsync(options.SalesTopic, sales.Select((s, i) => Messages.SaleRecorded(s, 100 + i, id: i % 2 == 0 ? $"m-{i}" : null)).ToArray());
        await app.ProduceAsync(options.SalesTopic, sales.Take(10).Select(s => Messages.SaleRefunded(s, "r", 50)).ToArray());

        var crashed = app.Start(options, configure: c => c.AfterStoreBeforeCommit = _ => throw new CrashBeforeCommit());
        await Assert.ThrowsAsync<CrashBeforeCommit>(() => crashed.Run);
        var storedBeforeCrash = (await app.Events.AllAsync()).Count(e => sales.Contains(SaleIdOf(e)));
        Assert.True(storedBeforeCrash > 0, "the first consumer stored its batch");
        await crashed.DisposeAsync();

        await using var second = app.Start(options);
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(second.Metrics.Consumed >= 40), "the second consumer to read all 40 again");

        var events = (await app.Events.AllAsync()).Where(e => sales.Contains(SaleIdOf(e))).ToList();
        Assert.Equal(30 + 10, events.Count);
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(storedBeforeCrash, second.Metrics.Snapshot().AlreadyKnown);
    }

    [Fact]
    public async Task Poison_messages_of_every_kind_go_to_the_dead_letters_with_their_reason_and_the_good_ones_around_them_are_stored()
    {
        var options = app.Options("poison");
        Guid before = Guid.NewGuid(), after = Guid.NewGuid(), refundFirst = Guid.NewGuid(), big = Guid.NewGuid();
        var wrongType = Messages.SaleRecorded(Guid.NewGuid(), 100).Value.Replace("\"amountMinor\":100", "\"amountMinor\":\"100\"");
        var missing = Messages.SaleRecorded(Guid.NewGuid(), 100).Value.Replace("\"merchantId\":\"merchant-7\",", "");
        var unknownVersion = Messages.SaleRecorded(Guid.NewGuid(), 100).Value.Replace("\"version\":1", "\"version\":9");
        await app.ProduceAsync(options.SalesTopic,
            ($"sale-{before}", Messages.SaleRecorded(before, 100).Value),
            ("sale-x", "this is not json {"),
            ("sale-y", wrongType),
            ("sale-z", missing),
            ("sale-v", unknownVersion),
            Messages.SaleRecorded(big, 1000),
            Messages.SaleRefunded(big, "too-much", 5000),           // a rule broken: more than the sale
            Messages.SaleRefunded(refundFirst, "early", 100, id: "refund-before-its-sale"), // a rule broken: no such sale (yet)
            ($"sale-{after}", Messages.SaleRecorded(after, 200).Value));

        await using var consumer = app.Start(options);
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(consumer.Metrics.Consumed == 9), "9 messages consumed");

        Assert.Single(await Stored(before));
        Assert.Single(await Stored(after));
        Assert.Single(await Stored(big));
        var letters = app.DeadLetters(options.SalesTopic);
        Assert.Equal(6, letters.Count);
        var byKey = letters.ToDictionary(l => l.KeyText);
        Assert.Equal(DeadLetterReasons.NotJson, byKey["sale-x"].Reason);
        Assert.Equal(DeadLetterReasons.WrongType, byKey["sale-y"].Reason);
        Assert.Equal(DeadLetterReasons.MissingField, byKey["sale-z"].Reason);
        Assert.Equal(DeadLetterReasons.UnknownContract, byKey["sale-v"].Reason);
        Assert.Equal(DeadLetterReasons.Rejected, byKey[$"sale-{big}"].Reason);
        Assert.Equal(DeadLetterReasons.Rejected, byKey[$"sale-{refundFirst}"].Reason);
        Assert.Equal("amountMinor", byKey["sale-y"].Field);
        Assert.Equal("merchantId", byKey["sale-z"].Field);
        Assert.Contains(Sale.Reasons.ExceedsRemaining, byKey[$"sale-{big}"].Message);
        Assert.Contains(Sale.Reasons.NotFound, byKey[$"sale-{refundFirst}"].Message);
        Assert.All(letters, l => Assert.Equal(options.SalesTopic, l.OriginalTopic));
        Assert.Equal("this is not json {", byKey["sale-x"].ValueText); // the original value, as it came
        Assert.Equal(6, consumer.Metrics.DeadLettered);

        // The cause fixed (the sale arrives), the refund's dead letter replayed: it is stored.
        await app.ProduceAsync(options.SalesTopic, Messages.SaleRecorded(refundFirst, 300));
        await IngestFixture.WaitUntilAsync(async () => (await Stored(refundFirst)).Count == 1, "the late sale");
        var letter = byKey[$"sale-{refundFirst}"];
        await DeadLetters.ReplayAsync(app.Cluster.BootstrapServers, letter.Topic, letter.Partition, letter.Offset);
        await IngestFixture.WaitUntilAsync(async () => (await Stored(refundFirst)).Count == 2, "the replayed refund");
        var refund = Assert.IsType<SaleRefunded>((await Stored(refundFirst))[1].Data);
        Assert.Equal(new Money(3.00m - 1.00m, "EUR"), refund.Remaining);
    }

    [Fact]
    public async Task A_consumer_stopped_gracefully_commits_what_it_stored_so_its_successor_reads_nothing_again()
    {
        var options = app.Options("graceful");
        var sales = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToArray();
        await app.ProduceAsync(options.SalesTopic, sales[..30].Select((s, i) => Messages.SaleRecorded(s, 100 + i)).ToArray());

        var first = app.Start(options);
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(first.Metrics.Stored == 30), "the first 30 stored");
        await first.Stop.CancelAsync();
        await first.Run; // ends without an exception: the batch in hand finished, the group left
        await first.DisposeAsync();

        await app.ProduceAsync(options.SalesTopic, sales[30..].Select((s, i) => Messages.SaleRecorded(s, 200 + i)).ToArray());
        await using var second = app.Start(options);
        await IngestFixture.WaitUntilAsync(() => Task.FromResult(second.Metrics.Stored == 30), "the next 30 stored");
        await Task.Delay(500);

        Assert.Equal(30, second.Metrics.Consumed); // only the new ones: the first consumer committed all it stored
        Assert.Equal(0, second.Metrics.Snapshot().AlreadyKnown);
        Assert.Equal(60, (await app.Events.AllAsync()).Count(e => e.Data is SaleRecorded r && sales.Contains(r.SaleId)));
    }

    private async Task<IReadOnlyList<Es.EventStore.RecordedEvent>> Stored(params Guid[] ids)
    {
        var all = new List<Es.EventStore.RecordedEvent>();
        foreach (var id in ids)
        {
            all.AddRange(await app.Events.Store.ReadStreamAsync(Sale.StreamId(id)));
            all.AddRange(await app.Events.Store.ReadStreamAsync(Order.StreamId(id)));
        }
        return all;
    }

    private static Guid SaleIdOf(Es.EventStore.RecordedEvent e) => e.Data switch
    {
        SaleRecorded r => r.SaleId,
        SaleRefunded r => r.SaleId,
        _ => Guid.Empty,
    };

    private sealed class CrashBeforeCommit : Exception;
}
