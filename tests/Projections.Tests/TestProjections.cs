using System.Collections.Concurrent;
using Es.EventStore;
using Es.Projections.Samples;

namespace Es.Projections.Tests;

/// <summary>Another projection, as it is, with test behaviour added around its apply step.</summary>
public abstract class WrappedProjection(Projection inner) : Projection
{
    protected Projection Inner { get; } = inner;

    public override string Name => Inner.Name;
    public override int Version => Inner.Version;
    public override IReadOnlySet<string> EventTypes => Inner.EventTypes;
    public override ProjectionMode Mode => Inner.Mode;
    public override IReadOnlyList<ReadModelTable> Tables => Inner.Tables;
    public override IEnumerable<string> KeysOf(RecordedEvent e) => Inner.KeysOf(e);
}

/// <summary>A sample projection with test hooks around its apply step.</summary>
public sealed class Hooked(Projection inner) : WrappedProjection(inner)
{

    /// <summary>Runs before the inner projection applies the page; throwing fails the page.</summary>
    public Func<ProjectionBatch, CancellationToken, Task>? Before { get; set; }

    /// <summary>Runs however the apply step ends.</summary>
    public Action<ProjectionBatch>? Finally { get; set; }

    public override async Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        try
        {
            if (Before is not null) await Before(batch, ct);
            await Inner.ApplyAsync(batch, ct);
        }
        finally
        {
            Finally?.Invoke(batch);
        }
    }

    /// <summary>Counts events per stream: the read model a from-scratch count can check exactly.</summary>
    public static Hooked StreamCounts(string name, int version = 1, ProjectionMode mode = ProjectionMode.Async) =>
        new(new EventCountProjection(name, TestEvents.All, e => e.StreamId, version, mode));

    public static Hooked StreamSummaries(string name, ProjectionMode mode = ProjectionMode.Async, int version = 1) =>
        new(new StreamSummaryProjection(name, TestEvents.All, version, mode));
}

/// <summary>Notes how many pages of each projection are being applied at once, across every node in the process.</summary>
public sealed class ConcurrencyProbe
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _max = new();

    /// <summary>The most pages seen at once, by projection name.</summary>
    public IReadOnlyDictionary<string, int> MaxInFlight => _max;

    public void Attach(Hooked p)
    {
        p.Before = async (batch, ct) =>
        {
            var now = _inFlight.AddOrUpdate(p.Name, 1, (_, n) => n + 1);
            _max.AddOrUpdate(p.Name, now, (_, m) => Math.Max(m, now));
            await Task.Delay(2, ct); // widen the window in which a second owner would show up
        };
        p.Finally = _ => _inFlight.AddOrUpdate(p.Name, 0, (_, n) => n - 1);
    }
}
