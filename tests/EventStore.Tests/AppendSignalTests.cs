using System.Diagnostics;

namespace Es.EventStore.Tests;

/// <summary>
/// What the projection daemon's wake-up promises: an append wakes the waiter here at once, another
/// process's append wakes it through a NOTIFY, a process does not wake itself twice with its own
/// NOTIFY, and a burst of appends sends one NOTIFY per interval, not one per append.
/// </summary>
public sealed class AppendSignalTests(StoreFixture db) : IClassFixture<StoreFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private EventStoreOptions Options(TimeSpan? interval = null) => new() { Schema = db.Schema, NotifyInterval = interval ?? TimeSpan.FromMilliseconds(10) };

    private MartenEventStore StoreWith(AppendSignal signal) => new(db.Store.Store, db.DataSource, db.Types, db.Store.Options, signal);

    [Fact]
    public async Task An_append_wakes_the_waiter_of_its_own_process_at_once()
    {
        await using var signal = new AppendSignal(db.DataSource, Options());
        await signal.WaitAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None); // listening, nothing pending
        var store = StoreWith(signal);

        var clock = Stopwatch.StartNew();
        var waiting = signal.WaitAsync(Long, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        await store.AppendAsync("sig-local", ExpectedVersion.Any, [TestEvents.Added()]);
        await waiting;
        Assert.True(clock.Elapsed < Long / 3, $"woke after {clock.Elapsed}");
    }

    [Fact]
    public async Task An_append_made_while_nobody_waits_makes_the_next_wait_return_at_once()
    {
        await using var signal = new AppendSignal(db.DataSource, Options());
        await signal.WaitAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None);
        await StoreWith(signal).AppendAsync("sig-between", ExpectedVersion.Any, [TestEvents.Added()]);

        var clock = Stopwatch.StartNew();
        await signal.WaitAsync(Long, CancellationToken.None);
        Assert.True(clock.Elapsed < Long / 3, $"returned after {clock.Elapsed}");
    }

    [Fact]
    public async Task Another_processs_append_wakes_the_waiter_through_a_notify()
    {
        await using var here = new AppendSignal(db.DataSource, Options());
        await here.WaitAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None); // LISTEN is on from the first wait
        await using var there = new AppendSignal(db.DataSource, Options());

        var clock = Stopwatch.StartNew();
        var waiting = here.WaitAsync(Long, CancellationToken.None);
        await StoreWith(there).AppendAsync("sig-remote", ExpectedVersion.Any, [TestEvents.Added()]);
        await waiting;
        Assert.True(clock.Elapsed < Long / 3, $"woke after {clock.Elapsed}");
        await EventuallyAsync(() => there.Broadcasts == 1, "the other process counted its NOTIFY");
    }

    [Fact]
    public async Task A_process_is_not_woken_again_by_its_own_notify()
    {
        await using var signal = new AppendSignal(db.DataSource, Options());
        await signal.WaitAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None);
        await StoreWith(signal).AppendAsync("sig-self", ExpectedVersion.Any, [TestEvents.Added()]);
        await signal.WaitAsync(Long, CancellationToken.None); // the append itself
        await EventuallyAsync(() => signal.Broadcasts == 1, "the NOTIFY went out");
        var signals = signal.Signals;

        var clock = Stopwatch.StartNew();
        await signal.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"woken after {clock.Elapsed}");
        Assert.Equal(signals, signal.Signals);
    }

    [Fact]
    public async Task A_burst_of_appends_sends_one_notify_per_interval_not_one_per_append()
    {
        // An interval longer than the burst: the first append notifies at once, the other 19 wait for one more.
        await using var signal = new AppendSignal(db.DataSource, Options(TimeSpan.FromMinutes(5)));
        var store = StoreWith(signal);
        for (var i = 0; i < 20; i++) await store.AppendAsync($"sig-burst-{i}", ExpectedVersion.Any, [TestEvents.Added()]);
        await EventuallyAsync(() => signal.Broadcasts == 1, "the first NOTIFY went out");
        await Task.Delay(500);
        Assert.Equal(1, signal.Broadcasts);
        Assert.Equal(20, signal.Signals);
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }
}
