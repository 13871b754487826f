using System.Collections.Concurrent;

namespace Es.EventStore.Tests;

// Each test reads the whole log of its own schema, so each gets its own fixture.
public sealed class LogOrderTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task An_event_committed_behind_an_open_transaction_is_not_handed_out_before_it()
    {
        var store = db.Store;
        await using var slowConnection = await db.DataSource.OpenConnectionAsync();
        await using var slow = await slowConnection.BeginTransactionAsync();
        // The slow transaction takes its id (and sequence number) first...
        var slowResult = await store.AppendAsync(slow, "slow", ExpectedVersion.NoStream, [TestEvents.Noted("slow")]);
        // ...then a fast one commits after it.
        var fast = await store.AppendAsync("fast", ExpectedVersion.NoStream, [TestEvents.Noted("fast")]);
        Assert.True(fast.Positions[0] > slowResult.Positions[0]);

        var whileOpen = await store.ReadLogAsync(LogPosition.Start, 100);
        Assert.Empty(whileOpen.Events);
        Assert.True(whileOpen.HeldBack);

        await slow.CommitAsync();
        // The horizon is cluster-wide: other tests' open transactions may hold it a moment longer.
        var afterCommit = await store.ReadLogAsync(LogPosition.Start, 100);
        for (var wait = 0; afterCommit.Events.Count < 2 && wait < 3000; wait++)
        {
            await Task.Delay(10);
            afterCommit = await store.ReadLogAsync(LogPosition.Start, 100);
        }
        Assert.Equal(["slow", "fast"], afterCommit.Events.Select(e => e.StreamId));
        Assert.Empty((await store.ReadLogAsync(afterCommit.Next, 100)).Events);
    }
}

public sealed class LogSubscriptionTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task A_subscriber_receives_every_committed_event_exactly_once_while_slow_and_rolled_back_writers_race()
    {
        var store = db.Store;
        var committed = new ConcurrentDictionary<Guid, bool>();
        var received = new ConcurrentQueue<RecordedEvent>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Another process's view: a second store instance that learns of appends only via NOTIFY or polling.
        await using var subscriberStore = db.NewStore(db.Types);
        var subscriber = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in subscriberStore.SubscribeAsync(LogPosition.Start, batchSize: 50, stop.Token))
                    received.Enqueue(e);
            }
            catch (OperationCanceledException) { }
        });

        const int writers = 8, appendsPerWriter = 40;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var rnd = new Random(w);
            for (var i = 0; i < appendsPerWriter; i++)
            {
                var events = Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => TestEvents.Noted($"{w}/{i}")).ToList();
                var stream = $"s-{w}-{rnd.Next(5)}";
                var kind = w % 3; // 0: plain append, 1: slow transaction, 2: transaction that sometimes rolls back
                if (kind == 0)
                {
                    await store.AppendAsync(stream, ExpectedVersion.Any, events);
                    foreach (var e in events) committed[e.EventId] = true;
                    continue;
                }
                await using var connection = await db.DataSource.OpenConnectionAsync();
                await using var tx = await connection.BeginTransactionAsync();
                await store.AppendAsync(tx, stream, ExpectedVersion.Any, events);
                await Task.Delay(rnd.Next(0, 15));
                if (kind == 2 && rnd.Next(3) == 0)
                {
                    await tx.RollbackAsync();
                    continue;
                }
                await tx.CommitAsync();
                store.NotifyAppended();
                foreach (var e in events) committed[e.EventId] = true;
            }
        })));

        while (received.Count < committed.Count && !stop.IsCancellationRequested) await Task.Delay(20);
        await Task.Delay(300); // anything extra (a duplicate, a rolled-back event) would arrive now
        await stop.CancelAsync();
        await subscriber;

        var ids = received.Select(e => e.EventId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(committed.Keys.OrderBy(x => x), ids.OrderBy(x => x));
        // And in log order.
        var positions = received.Select(e => e.LogPosition).ToList();
        Assert.Equal(positions.OrderBy(p => p), positions);
    }

    [Fact]
    public async Task Reading_the_log_in_batches_returns_each_event_once_in_order()
    {
        var before = await db.Store.ReadLogAsync(LogPosition.Start, 100_000);
        var appended = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            var e = TestEvents.Added($"b{i}");
            await db.Store.AppendAsync($"batch-{i % 4}-{Guid.NewGuid():N}", ExpectedVersion.Any, [e]);
            appended.Add(e.EventId);
        }

        var seen = new List<Guid>();
        var position = before.Next;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // Other tests' open transactions can hold the (cluster-wide) horizon back for a moment.
        while (!appended.All(seen.Contains) && DateTime.UtcNow < deadline)
        {
            var batch = await db.Store.ReadLogAsync(position, 7);
            Assert.True(batch.Events.Count <= 7);
            seen.AddRange(batch.Events.Select(e => e.EventId));
            position = batch.Next;
            if (batch.Events.Count < 7) await Task.Delay(5);
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(appended, seen.Where(appended.Contains));
    }
}
