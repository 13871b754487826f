using Es.EventStore;

namespace Es.Projections.Samples;

/// <summary>
/// A simple counting projection over any events: one row per key (by default the event type)
/// holding how many events it has seen. It sums a page in memory and writes one upsert for all
/// its keys, so it is as cheap as a projection gets: the foundation's overhead, measured.
/// </summary>
public sealed class EventCountProjection : Projection
{
    private readonly Func<RecordedEvent, string> _keyOf;
    private readonly string _table;

    /// <param name="keyOf">The key an event is counted under; the event type when null.</param>
    public EventCountProjection(string name, IEnumerable<string> eventTypes, Func<RecordedEvent, string>? keyOf = null, int version = 1,
        ProjectionMode mode = ProjectionMode.Async)
    {
        Name = name;
        _table = name;
        EventTypes = eventTypes.ToHashSet(StringComparer.Ordinal);
        _keyOf = keyOf ?? (e => e.EventType);
        Version = version;
        Mode = mode;
        Tables = [new ReadModelTable(_table, "key text PRIMARY KEY, count bigint NOT NULL")];
    }

    public override string Name { get; }
    public override int Version { get; }
    public override ProjectionMode Mode { get; }
    public override IReadOnlySet<string> EventTypes { get; }
    public override IReadOnlyList<ReadModelTable> Tables { get; }

    public override IEnumerable<string> KeysOf(RecordedEvent e) => [_keyOf(e)];

    private const string Upsert = """
        INSERT INTO {table} AS t (key, count)
        SELECT * FROM unnest(?::text[], ?::bigint[])
        ON CONFLICT (key) DO UPDATE SET count = t.count + EXCLUDED.count
        """;

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pe in batch.Events)
            foreach (var key in pe.Keys)
                counts[key] = counts.GetValueOrDefault(key) + 1;
        batch.Execute(Upsert.Replace("{table}", batch.Table(_table)), counts.Keys.ToArray(), counts.Values.ToArray());
        return Task.CompletedTask;
    }
}
