using System.Collections.Concurrent;
using Es.EventStore;
using Es.Projections.Samples;

namespace Es.Projections.Tests;

/// <summary>A sample projection with test hooks around its apply step.</summary>
public sealed class Hooked(Projection inner) : Projection
{
    public override string Name => inner.Name;
    public override int Version => inner.Version;
    public override IReadOnlySet<string> EventTypes => inner.EventTypes;
    public override ProjectionMode Mode => inner.Mode;
    public override int Shards => inner.Shards;
    public override IReadOnlyList<ReadModelTable> Tables => inner.Tables;
    public override IEnumerable<string> KeysOf(RecordedEvent e) => inner.KeysOf(e);

    /// <summary>Runs before the inner projection applies the batch; throwing fails the batch.</summary>
    public Func<ProjectionBatch, CancellationToken, Task>? Before { get; set; }

    /// <summary>Runs after the inner projection has applied the batch, before the commit.</summary>
    public Func<ProjectionBatch, CancellationToken, Task>? After { get; set; }

    public override async Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        if (Before is not null) await Before(batch, ct);
        await inner.ApplyAsync(batch, ct);
        if (After is not null) await After(batch, ct);
    }

    /// <summary>Counts events per stream: the read model a from-scratch fold can check exactly.</summary>
    public static Hooked StreamCounts(string name, int version = 1) =>
        new(new EventCountProjection(name, TestEvents.All, e => e.StreamId, version));

    public static Hooked StreamSummaries(string name, int shards = 1, ProjectionMode mode = ProjectionMode.Async, int version = 1) =>
        new(new StreamSummaryProjection(name, TestEvents.All, version, shards, mode));
}

/// <summary>Notes how many batches of each projection are in flight at once, across every daemon in the process.</summary>
public sealed class ConcurrencyProbe
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _max = new();

    public int MaxInFlight(string name) => _max.GetValueOrDefault(name);

    public void Attach(Hooked p)
    {
        p.Before = async (batch, ct) =>
        {
            var now = _inFlight.AddOrUpdate(p.Name, 1, (_, n) => n + 1);
            _max.AddOrUpdate(p.Name, now, (_, m) => Math.Max(m, now));
            await Task.Delay(2, ct); // widen the window in which a second owner would show up
        };
        p.After = (_, _) =>
        {
            _inFlight.AddOrUpdate(p.Name, 0, (_, n) => n - 1);
            return Task.CompletedTask;
        };
    }
}
