using Es.EventStore;

namespace Es.Projections.Samples;

/// <summary>
/// A heavier projection over any events: one row per stream (events seen, last version, last
/// type, first and last time), written with one upsert statement per event, all of a page's
/// statements sent in one round trip. The shape of a typical entity read model.
/// </summary>
public sealed class StreamSummaryProjection : Projection
{
    private readonly string _table;

    public StreamSummaryProjection(string name, IEnumerable<string> eventTypes, int version = 1, ProjectionMode mode = ProjectionMode.Async)
    {
        Name = name;
        _table = name;
        EventTypes = eventTypes.ToHashSet(StringComparer.Ordinal);
        Version = version;
        Mode = mode;
        Tables =
        [
            new ReadModelTable(_table, """
                stream_id       text        PRIMARY KEY,
                events          bigint      NOT NULL,
                last_version    bigint      NOT NULL,
                last_type       text        NOT NULL,
                first_at        timestamptz NOT NULL,
                last_at         timestamptz NOT NULL
                """, "CREATE INDEX ON {table} (last_at)"),
        ];
    }

    public override string Name { get; }
    public override int Version { get; }
    public override ProjectionMode Mode { get; }
    public override IReadOnlySet<string> EventTypes { get; }
    public override IReadOnlyList<ReadModelTable> Tables { get; }

    public override IEnumerable<string> KeysOf(RecordedEvent e) => [e.StreamId];

    private const string Upsert = """
        INSERT INTO {table} AS t (stream_id, events, last_version, last_type, first_at, last_at)
        VALUES (?, 1, ?, ?, ?, ?)
        ON CONFLICT (stream_id) DO UPDATE SET
            events = t.events + 1,
            last_version = greatest(t.last_version, EXCLUDED.last_version),
            last_type = EXCLUDED.last_type,
            last_at = greatest(t.last_at, EXCLUDED.last_at)
        """;

    public override Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        var sql = Upsert.Replace("{table}", batch.Table(_table));
        foreach (var pe in batch.Events)
        {
            var e = pe.Event;
            batch.Execute(sql, e.StreamId, e.StreamVersion, e.EventType, e.RecordedAt, e.RecordedAt);
        }
        return Task.CompletedTask;
    }
}
