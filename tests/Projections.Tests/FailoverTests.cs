using System.Collections.Concurrent;
using System.Diagnostics;
using Es.EventStore;
using JasperFx;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Es.Projections.Tests;

// Marten's hot/cold mode: each async projection's shard has an advisory lock; the node holding it
// runs the shard, the others try for it every LeadershipPollingTime (200 ms here, 5 s by default).
// Each class has its own schema, and so its own log and locks.

public sealed class GracefulFailoverTests(EngineFixture db, ITestOutputHelper output)
    : FastTakeoverTests(db, output), IClassFixture<EngineFixture>
{

    [Fact]
    public async Task Two_nodes_run_each_projection_on_exactly_one_of_them_and_when_its_owner_stops_the_other_takes_over_with_totals_equal_to_the_log()
    {
        await TestEvents.AppendStreamsAsync(Db.Store, 10, 20); // 200 events before the nodes start
        var probe = new ConcurrencyProbe();
        var a = await Failover.StartAsync(Db, "node-a", probe);
        var b = await Failover.StartAsync(Db, "node-b", probe);
        await using var writers = new Writers(Db.Store, "order");

        await Failover.WaitOwnedAsync(a, b);
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(a.Pages.Count + b.Pages.Count >= 4 && writers.Total > 20), TimeSpan.FromSeconds(20),
            "both projections are applying pages");
        var owner = a.Runs(Failover.Counts) ? a : b;
        var survivor = owner == a ? b : a;
        // Exactly one node has applied each projection: its owner.
        foreach (var name in Failover.Names)
        {
            var by = a.Runs(name) ? a : b;
            Assert.True(a.Pages.Concat(b.Pages).Where(p => p.Name == name).All(p => p.Node == by.Name), $"{name} was applied by both nodes before any stopped");
        }

        var stopped = Stopwatch.StartNew();
        await owner.Node.StopAsync();
        var stoppedAt = DateTime.UtcNow;
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(Failover.Names.All(n => survivor.Pages.Any(p => p.Name == n && p.At > stoppedAt))),
            TimeSpan.FromSeconds(15), "the survivor applies both projections");
        var takeover = stopped.Elapsed;
        Output.WriteLine($"{GetType().Name}: takeover {takeover.TotalMilliseconds:0} ms");
        Assert.True(takeover < TimeSpan.FromSeconds(5), $"takeover took {takeover}");
        Assert.Equal(Failover.Names.Select(ProjectionCatalog.ShardName).Order(), survivor.RunningShards());

        await Task.Delay(500); // the survivor follows the writers for a while
        await writers.StopAsync();
        await EngineFixture.WaitCaughtUpAsync(survivor.Node.Catalog, TimeSpan.FromSeconds(20), Failover.Names);

        Assert.DoesNotContain(owner.Pages, p => p.At > stoppedAt);
        Assert.All(Failover.Names, n => Assert.Equal(1, probe.MaxInFlight[n])); // never two pages of one projection at once
        await Failover.AssertExactAsync(Db, writers, preAppended: 200);
    }
}

public sealed class AbandonedOwnerFailoverTests(EngineFixture db, ITestOutputHelper output)
    : FastTakeoverTests(db, output), IClassFixture<EngineFixture>
{

    [Fact]
    public async Task When_the_owner_is_disposed_without_being_stopped_the_other_node_takes_over_and_no_event_is_lost_or_applied_twice()
    {
        var a = await Failover.StartAsync(Db, "node-a", slowPages: true);
        await Failover.WaitOwnedAsync(a);
        var b = await Failover.StartAsync(Db, "node-b", slowPages: true);
        await using var writers = new Writers(Db.Store, "order");
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(a.Pages.Count >= 6), TimeSpan.FromSeconds(20), "node-a applies pages");
        Assert.Empty(b.RunningShards());

        // No StopAsync: the container is disposed under running hosted services, mid-page.
        var abandonedAt = DateTime.UtcNow;
        a.Node.Abandon();
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(Failover.Names.All(n => b.Pages.Any(p => p.Name == n && p.At > abandonedAt))),
            TimeSpan.FromSeconds(15), "node-b applies both projections");
        var takeover = DateTime.UtcNow - abandonedAt;
        Output.WriteLine($"{GetType().Name}: takeover {takeover.TotalMilliseconds:0} ms");
        Assert.True(takeover < TimeSpan.FromSeconds(5), $"takeover took {takeover}");

        await Task.Delay(500);
        await writers.StopAsync();
        await EngineFixture.WaitCaughtUpAsync(b.Node.Catalog, TimeSpan.FromSeconds(20), Failover.Names);
        await Failover.AssertExactAsync(Db, writers);
    }
}

public sealed class CutOffOwnerFailoverTests(EngineFixture db, ITestOutputHelper output)
    : FastTakeoverTests(db, output), IClassFixture<EngineFixture>
{

    [Fact]
    public async Task When_every_connection_of_the_owner_is_terminated_the_other_node_takes_over_and_the_cut_off_owner_applies_nothing_more()
    {
        var a = await Failover.StartAsync(Db, "node-a", slowPages: true);
        await Failover.WaitOwnedAsync(a);
        var b = await Failover.StartAsync(Db, "node-b", slowPages: true);
        await using var writers = new Writers(Db.Store, "order");
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(a.Pages.Count >= 6), TimeSpan.FromSeconds(20), "node-a applies pages");
        Assert.Empty(b.RunningShards());

        // A network partition of node A: every backend of its connections is terminated, for two
        // seconds, whenever it opens one again. Its process lives on and reconnects after.
        var cutAt = DateTime.UtcNow;
        var terminated = await Failover.CutOffAsync(Db, "node-a", TimeSpan.FromSeconds(2));
        var cutEnd = DateTime.UtcNow;
        Assert.True(terminated > 0);
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(Failover.Names.All(n => b.Pages.Any(p => p.Name == n && p.At > cutAt))),
            TimeSpan.FromSeconds(15), "node-b applies both projections");
        var takeover = Failover.Names.Max(n => b.Pages.Where(p => p.Name == n && p.At > cutAt).Min(p => p.At)) - cutAt;
        Output.WriteLine($"{GetType().Name}: takeover {takeover.TotalMilliseconds:0} ms");
        Assert.True(takeover < TimeSpan.FromSeconds(8), $"takeover took {takeover}");

        // Exactly one node runs each projection from then on: node A, reconnected, stays cold. (A
        // page it had under way when the cut ended may still show, rolled back, for a moment.)
        await Task.Delay(1500);
        var late = cutEnd + TimeSpan.FromMilliseconds(300);
        Assert.Empty(a.RunningShards());
        Assert.Equal(Failover.Names.Select(ProjectionCatalog.ShardName).Order(), b.RunningShards());
        await writers.StopAsync();
        await EngineFixture.WaitCaughtUpAsync(b.Node.Catalog, TimeSpan.FromSeconds(20), Failover.Names);
        var pagesOfA = a.Pages.Where(p => p.At > late).Select(p => $"{p.Name} at +{(p.At - cutEnd).TotalMilliseconds:0} ms").ToList();
        Assert.True(pagesOfA.Count == 0, $"the cut-off node applied pages after the cut ended: {string.Join(", ", pagesOfA)}");
        await Failover.AssertExactAsync(Db, writers);
    }
}

public sealed class ResumedAfterFailoverTests(EngineFixture db)
    : FastTakeoverTests(db), IClassFixture<EngineFixture>
{

    [Fact]
    public async Task A_projection_paused_when_its_owner_was_cut_off_is_resumed_only_on_the_node_that_took_over()
    {
        var a = await Failover.StartAsync(Db, "node-a", slowPages: true);
        await Failover.WaitOwnedAsync(a);
        var b = await Failover.StartAsync(Db, "node-b", slowPages: true);
        await using var writers = new Writers(Db.Store, "order");
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(a.Pages.Count >= 4), TimeSpan.FromSeconds(20), "node-a applies pages");

        // Paused by an operator: node A's shards stop on their next page (Marten pauses them) and stay in its daemon.
        Assert.True(await a.Node.Catalog.PauseAsync(Failover.Counts));
        Assert.True(await a.Node.Catalog.PauseAsync(Failover.Summaries));
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(a.RunningShards().Length == 0), TimeSpan.FromSeconds(10), "node-a's shards pause");

        // Node A is cut off long enough for node B to take the leadership locks.
        await Failover.CutOffAsync(Db, "node-a", TimeSpan.FromSeconds(2));
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(b.AgentShards().Length == 2), TimeSpan.FromSeconds(15),
            "node-b has taken both shards over (and found them paused)");

        // Resumed from any node (here B: A's pool still holds connections the cut ended): only the leader starts the shards again.
        var resumedAt = DateTime.UtcNow;
        Assert.True(await b.Node.Catalog.ResumeAsync(Failover.Counts));
        Assert.True(await b.Node.Catalog.ResumeAsync(Failover.Summaries));
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(b.RunningShards().Length == 2), TimeSpan.FromSeconds(10), "node-b runs both again");
        await Task.Delay(1500);
        await writers.StopAsync();
        await EngineFixture.WaitCaughtUpAsync(b.Node.Catalog, TimeSpan.FromSeconds(20), Failover.Names);

        var pagesOfA = a.Pages.Where(p => p.At > resumedAt).Select(p => $"{p.Name} at +{(p.At - resumedAt).TotalMilliseconds:0} ms").ToList();
        Assert.True(pagesOfA.Count == 0, $"node A, without the locks, ran pages after the resume: {string.Join(", ", pagesOfA)}");
        Assert.Empty(a.RunningShards());
        await Failover.AssertExactAsync(Db, writers);
    }
}

public sealed class KilledOwnerProcessFailoverTests(EngineFixture db, ITestOutputHelper output)
    : FastTakeoverTests(db, output), IClassFixture<EngineFixture>
{

    [Fact]
    public async Task When_the_owners_process_is_killed_with_SIGKILL_the_standby_takes_over_within_seconds_and_the_totals_equal_the_log()
    {
        await TestEvents.AppendStreamsAsync(Db.Store, 20, 30); // 600 events
        await using var owner = NodeProcess.Start(Db.Schema, "proc-a", "proc_counts", "--batch", "50", "--page-delay-ms", "30");
        await owner.WaitForAsync(l => l.StartsWith("page ", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "a page");
        var standby = await Failover.StartAsync(Db, "node-b", names: ["proc_counts"]);
        await using var writers = new Writers(Db.Store, "order");
        await owner.WaitForAsync(l => l.StartsWith("page ", StringComparison.Ordinal) && long.Parse(l.Split(' ')[2]) > 300,
            TimeSpan.FromSeconds(30), "a page past sequence 300");
        Assert.Empty(standby.Pages);

        var killedAt = DateTime.UtcNow;
        await owner.KillAsync();
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(standby.Pages.Any()), TimeSpan.FromSeconds(15), "the standby applies pages");
        var takeover = DateTime.UtcNow - killedAt;
        Output.WriteLine($"{GetType().Name}: takeover {takeover.TotalMilliseconds:0} ms");
        Assert.True(takeover < TimeSpan.FromSeconds(5), $"takeover took {takeover}");

        await Task.Delay(500);
        await writers.StopAsync();
        await EngineFixture.WaitCaughtUpAsync(standby.Node.Catalog, TimeSpan.FromSeconds(20), "proc_counts");
        var expected = Failover.Expected(writers, preAppended: 600, preStreams: 20);
        Assert.Equal(expected, await Db.CountByStreamAsync());
        Assert.Equal(expected, await Db.KeyedAsync("SELECT key, count FROM {schema}.proc_counts"));
        await Failover.AssertExplainIndexExactAsync(Db, "proc_counts", expected.Values.Sum());
    }
}

/// <summary>A test class whose nodes take over from each other fast (Marten's leadership polled every 200 ms).</summary>
public abstract class FastTakeoverTests
{
    private readonly ITestOutputHelper? _output;

    protected FastTakeoverTests(EngineFixture db, ITestOutputHelper? output = null)
    {
        Db = db;
        _output = output;
        db.ConfigureMarten = NodeProgram.FastTakeover;
    }

    protected EngineFixture Db { get; }
    protected ITestOutputHelper Output => _output ?? throw new InvalidOperationException($"{GetType().Name} takes no output helper.");
}

/// <summary>Appends from two writers, in small transactions of five streams, until stopped; counts what committed.</summary>
public sealed class Writers : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks;

    public Writers(IEventStore store, string prefix, int writers = 2)
    {
        _tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var i = 0;
            while (!_stop.IsCancellationRequested)
            {
                var appends = Enumerable.Range(0, 5)
                    .Select(k => new StreamAppend($"{prefix}-{(w * 11 + i * 5 + k) % 53}", ExpectedVersion.Any, [TestEvents.Added("s")]))
                    .ToList();
                i++;
                await store.AppendManyAsync(appends);
                foreach (var append in appends) Committed.AddOrUpdate(append.StreamId, 1, (_, n) => n + 1);
                await Task.Delay(5);
            }
        })).ToList();
    }

    public ConcurrentDictionary<string, long> Committed { get; } = new();
    public long Total => Committed.Values.Sum();

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}

/// <summary>A node of a failover test: its host, and the pages it applied (attempted: a page may still roll back).</summary>
public sealed record FailoverNode(string Name, Node Node, ConcurrentQueue<(string Name, string Node, DateTime At)> PagesQueue)
{
    public IReadOnlyCollection<(string Name, string Node, DateTime At)> Pages => PagesQueue;

    /// <summary>The shards whose Marten agent runs on this node now.</summary>
    public string[] RunningShards() => Node.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase().CurrentAgents()
        .Where(agent => agent.Status == AgentStatus.Running).Select(agent => agent.Name.Identity).Order().ToArray();

    /// <summary>The shards this node's daemon has an agent for, running or not (Marten's coordinator starts one only under the lock).</summary>
    public string[] AgentShards() => Node.Host.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase().CurrentAgents()
        .Select(agent => agent.Name.Identity).Order().ToArray();

    public bool Runs(string projection) => RunningShards().Contains(ProjectionCatalog.ShardName(projection));
}

internal static class Failover
{
    public const string Counts = "counts";
    public const string Summaries = "summaries";
    public static readonly string[] Names = [Counts, Summaries];

    /// <summary>Starts a node running the counting and the summary projections (or those named, as stream counts), with its pages recorded.</summary>
    public static async Task<FailoverNode> StartAsync(EngineFixture db, string name, ConcurrencyProbe? probe = null, bool slowPages = false,
        string[]? names = null)
    {
        var pages = new ConcurrentQueue<(string, string, DateTime)>();
        var options = EngineFixture.Options(name, batchSize: 50);
        options.PageApplied = (projection, _) => pages.Enqueue((projection, name, DateTime.UtcNow));
        Hooked[] projections = names is null
            ? [Hooked.StreamCounts(Counts), Hooked.StreamSummaries(Summaries)]
            : names.Select(n => Hooked.StreamCounts(n)).ToArray();
        foreach (var p in projections)
        {
            if (probe is not null) probe.Attach(p);
            // A page takes a while, so that a node stopping or dying is likely to be in the middle of one.
            else if (slowPages) p.Before = (_, ct) => Task.Delay(20, ct);
        }
        return new FailoverNode(name, await db.StartNodeAsync(options, projections), pages);
    }

    /// <summary>
    /// Cuts a node off the database for a while: every backend of its connections is terminated,
    /// whenever it opens one again. Its process lives on and reconnects after. Returns how many were ended.
    /// </summary>
    public static async Task<long> CutOffAsync(EngineFixture db, string node, TimeSpan duration)
    {
        var started = DateTime.UtcNow;
        var terminated = 0L;
        while (DateTime.UtcNow - started < duration)
        {
            terminated += await db.ScalarAsync(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{EngineFixture.ApplicationName(db.Schema, node)}'");
            await Task.Delay(50);
        }
        return terminated;
    }

    /// <summary>Waits until every projection's shard runs, each on exactly one of the nodes.</summary>
    public static Task WaitOwnedAsync(params FailoverNode[] nodes) => EngineFixture.WaitUntilAsync(() =>
    {
        var running = nodes.SelectMany(n => n.RunningShards()).ToList();
        return Task.FromResult(running.Count == Names.Length && Names.All(n => running.Contains(ProjectionCatalog.ShardName(n))));
    }, TimeSpan.FromSeconds(20), "each projection runs on one node");

    /// <summary>Events per stream as the test made them: the pre-appended carts, and what the writers committed.</summary>
    public static Dictionary<string, long> Expected(Writers writers, int preAppended = 0, int preStreams = 10)
    {
        var expected = writers.Committed.ToDictionary();
        for (var s = 0; s < preStreams && preAppended > 0; s++) expected[$"cart-{s}"] = preAppended / preStreams;
        return expected;
    }

    /// <summary>The log is what the test appended, and both read models hold every event of it once.</summary>
    public static async Task AssertExactAsync(EngineFixture db, Writers writers, int preAppended = 0)
    {
        var expected = Expected(writers, preAppended);
        Assert.True(writers.Total > 50, $"the writers committed only {writers.Total} events");
        Assert.Equal(expected, await db.CountByStreamAsync());
        Assert.Equal(expected, await db.KeyedAsync("SELECT key, count FROM {schema}.counts"));
        Assert.Equal(expected, await db.KeyedAsync("SELECT stream_id, events FROM {schema}.summaries"));
        await AssertExplainIndexExactAsync(db, Counts, expected.Values.Sum());
        await AssertExplainIndexExactAsync(db, Summaries, expected.Values.Sum());
    }

    /// <summary>The explain index (written in each page's transaction) names each event of the log exactly once.</summary>
    public static async Task AssertExplainIndexExactAsync(EngineFixture db, string name, long events, int generation = 1)
    {
        var sources = $"{{schema}}.{name}_sources_g{generation}";
        Assert.Equal(events, await db.ScalarAsync($"SELECT count(*) FROM {sources}, unnest(seqs) AS s"));
        Assert.Equal(events, await db.ScalarAsync($"SELECT count(DISTINCT s) FROM {sources}, unnest(seqs) AS s"));
    }
}
