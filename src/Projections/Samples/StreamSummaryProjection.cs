using Es.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Es.Projections.Samples;

/// <summary>
/// A heavier projection over any events: one row per stream (events seen, last version, last
/// type, payload bytes, first and last time), written with one upsert statement per event,
/// all of a batch's statements sent in one round trip. The shape of a typical entity read model.
/// </summary>
public sealed class StreamSummaryProjection : Projection
{
    private readonly string _table;

    public StreamSummaryProjection(string name, IEnumerable<string> eventTypes, int version = 1, int shards = 1,
        ProjectionMode mode = ProjectionMode.Async)
    {
        Name = name;
        _table = name;
        EventTypes = eventTypes.ToHashSet(StringComparer.Ordinal);
        Version = version;
        Shards = shards;
        Mode = mode;
        Tables =
        [
            new ReadModelTable(_table, """
                stream_id       text        PRIMARY KEY,
                events          bigint      NOT NULL,
                last_version    bigint      NOT NULL,
                last_type       text        NOT NULL,
                payload_bytes   bigint      NOT NULL,
                first_at        timestamptz NOT NULL,
                last_at         timestamptz NOT NULL
                """, "CREATE INDEX ON {table} (last_at)"),
        ];
    }

    public override string Name { get; }
    public override int Version { get; }
    public override int Shards { get; }
    public override ProjectionMode Mode { get; }
    public override IReadOnlySet<string> EventTypes { get; }
    public override IReadOnlyList<ReadModelTable> Tables { get; }

    public override IEnumerable<string> KeysOf(RecordedEvent e) => [e.StreamId];

    private const string Upsert = """
        INSERT INTO {table} AS t (stream_id, events, last_version, last_type, payload_bytes, first_at, last_at)
        VALUES ($1, 1, $2, $3, $4, $5, $5)
        ON CONFLICT (stream_id) DO UPDATE SET
            events = t.events + 1,
            last_version = greatest(t.last_version, EXCLUDED.last_version),
            last_type = EXCLUDED.last_type,
            payload_bytes = t.payload_bytes + EXCLUDED.payload_bytes,
            last_at = greatest(t.last_at, EXCLUDED.last_at)
        """;

    public override async Task ApplyAsync(ProjectionBatch batch, CancellationToken ct)
    {
        var sql = Upsert.Replace("{table}", batch.Table(_table));
        await using var commands = new NpgsqlBatch(batch.Connection, batch.Transaction);
        foreach (var pe in batch.Events)
        {
            var e = pe.Event;
            var cmd = new NpgsqlBatchCommand(sql);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.StreamId, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.StreamVersion });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.EventType, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.RawData.Length });
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = e.RecordedAt });
            commands.BatchCommands.Add(cmd);
        }
        // One statement text per build: prepared once per connection, then only bound and executed.
        await commands.PrepareAsync(ct);
        await commands.ExecuteNonQueryAsync(ct);
    }
}
