using System.Diagnostics;
using Es.EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace Es.Projections.Tests;

/// <summary>
/// The daemon is woken by Es's <see cref="AppendSignal"/> when events are appended, not by Marten's
/// NOTIFY inside the append: these nodes poll only every 30 s, so anything projected sooner was woken.
/// </summary>
public sealed class WakeupTests(EngineFixture db) : IClassFixture<EngineFixture>
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_append_on_the_daemons_own_node_is_projected_long_before_the_next_poll()
    {
        await using var node = await StartSlowPollingNodeAsync("wake_local");
        var store = node.Host.Services.GetRequiredService<MartenEventStore>();
        Assert.NotNull(store.Signal);

        var clock = Stopwatch.StartNew();
        await store.AppendAsync("local-1", ExpectedVersion.NoStream, [TestEvents.Added("a")]);
        await EngineFixture.WaitUntilAsync(async () => await db.ScalarAsync("SELECT coalesce(max(count), 0) FROM {schema}.wake_local WHERE key = 'local-1'") == 1,
            Soon, "the append is projected");
        Assert.True(clock.Elapsed < Poll / 2, $"projected after {clock.Elapsed}");
    }

    [Fact]
    public async Task An_append_on_another_node_is_projected_long_before_the_next_poll_through_a_notify()
    {
        await using var node = await StartSlowPollingNodeAsync("wake_remote");
        // Another process of the deployment: its own signal, nobody waiting on it there.
        await using var otherSignal = new AppendSignal(db.DataSource, db.Store.Options);
        var other = new MartenEventStore(db.Store.Store, db.DataSource, db.Store.Types, db.Store.Options, otherSignal);

        var clock = Stopwatch.StartNew();
        await other.AppendAsync("remote-1", ExpectedVersion.NoStream, [TestEvents.Added("a"), TestEvents.Added("b")]);
        await EngineFixture.WaitUntilAsync(async () => await db.ScalarAsync("SELECT coalesce(max(count), 0) FROM {schema}.wake_remote WHERE key = 'remote-1'") == 2,
            Soon, "the other node's append is projected");
        Assert.True(clock.Elapsed < Poll / 2, $"projected after {clock.Elapsed}");
        Assert.True(otherSignal.Broadcasts >= 1);
    }

    // Started and past its first look at the log (a first event projected), so for the next event only
    // a wake-up or the 30 s poll can come.
    private async Task<Node> StartSlowPollingNodeAsync(string projection)
    {
        var options = EngineFixture.Options("wake-" + projection);
        options.FastPolling = Poll;
        options.SlowPolling = Poll;
        var node = await db.StartNodeAsync(options, Hooked.StreamCounts(projection));
        await node.Host.Services.GetRequiredService<MartenEventStore>().AppendAsync($"{projection}-first", ExpectedVersion.NoStream, [TestEvents.Added("first")]);
        await EngineFixture.WaitUntilAsync(async () => await db.ScalarAsync($"SELECT coalesce(max(count), 0) FROM {{schema}}.{projection} WHERE key = '{projection}-first'") == 1,
            TimeSpan.FromSeconds(90), $"{projection} runs");
        await Task.Delay(500);
        return node;
    }
}
