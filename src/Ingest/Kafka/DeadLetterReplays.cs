using Npgsql;
using NpgsqlTypes;

namespace Es.Ingest.Kafka;

/// <summary>A dead letter sent back to its original topic: from where, to where, by whom, when.</summary>
public sealed record DeadLetterReplay(
    string FromTopic, int FromPartition, long FromOffset, string Topic, int Partition, long Offset, string? ReplayedBy, DateTimeOffset ReplayedAt);

/// <summary>
/// Every replay of a dead letter, kept in PostgreSQL (<c>{schema}.es_dead_letter_replays</c>), so
/// operators and auditors see which dead letters were sent back, by whom and when: Kafka keeps the
/// dead letter itself where it was, and a replay is an operator's act, not a domain event.
/// </summary>
public sealed class DeadLetterReplays(NpgsqlDataSource dataSource, string schema)
{
    private string Create => $"""
        CREATE TABLE IF NOT EXISTS {schema}.es_dead_letter_replays (
            from_topic text NOT NULL, from_partition int NOT NULL, from_offset bigint NOT NULL,
            topic text NOT NULL, partition int NOT NULL, "offset" bigint NOT NULL,
            replayed_by text, replayed_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX IF NOT EXISTS es_dead_letter_replays_from ON {schema}.es_dead_letter_replays (from_topic, from_partition, from_offset)
        """;

    public async Task<DeadLetterReplay> RecordAsync(string fromTopic, int fromPartition, long fromOffset, string topic, int partition, long offset,
        string? replayedBy, CancellationToken ct = default)
    {
        await using (var create = dataSource.CreateCommand(Create)) await create.ExecuteNonQueryAsync(ct);
        await using var cmd = dataSource.CreateCommand($"""
            INSERT INTO {schema}.es_dead_letter_replays (from_topic, from_partition, from_offset, topic, partition, "offset", replayed_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING replayed_at
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = fromTopic });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = fromPartition });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromOffset });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = topic });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = offset });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)replayedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var at = (DateTime)(await cmd.ExecuteScalarAsync(ct))!;
        return new DeadLetterReplay(fromTopic, fromPartition, fromOffset, topic, partition, offset, replayedBy, new DateTimeOffset(at, TimeSpan.Zero));
    }

    /// <summary>The replays of these dead letters, oldest first, by (topic, partition, offset): one query for a whole list.</summary>
    public async Task<ILookup<(string Topic, int Partition, long Offset), DeadLetterReplay>> OfAsync(IReadOnlyCollection<DeadLetter> letters, CancellationToken ct = default)
    {
        var replays = new List<DeadLetterReplay>();
        if (letters.Count > 0)
        {
            await using (var create = dataSource.CreateCommand(Create)) await create.ExecuteNonQueryAsync(ct);
            await using var cmd = dataSource.CreateCommand($"""
                SELECT r.from_topic, r.from_partition, r.from_offset, r.topic, r.partition, r."offset", r.replayed_by, r.replayed_at
                FROM {schema}.es_dead_letter_replays r
                JOIN unnest($1::text[], $2::int[], $3::bigint[]) AS l (topic, partition, "offset")
                  ON r.from_topic = l.topic AND r.from_partition = l.partition AND r.from_offset = l."offset"
                ORDER BY r.replayed_at, r."offset"
                """);
            cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = letters.Select(l => l.Topic).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = letters.Select(l => l.Partition).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = letters.Select(l => l.Offset).ToArray() });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                replays.Add(new DeadLetterReplay(r.GetString(0), r.GetInt32(1), r.GetInt64(2), r.GetString(3), r.GetInt32(4), r.GetInt64(5),
                    r.IsDBNull(6) ? null : r.GetString(6), r.GetFieldValue<DateTimeOffset>(7)));
        }
        return replays.ToLookup(x => (x.FromTopic, x.FromPartition, x.FromOffset));
    }
}
