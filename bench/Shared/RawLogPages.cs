using Npgsql;
using NpgsqlTypes;

namespace Es.Bench;

/// <summary>
/// The raw ceiling of a rebuild: the rebuild runner's page query (LogPageReader's columns, its type
/// filter, keyset pages of the batch size), each column read as it comes and the payload as bytes,
/// as the runner reads it, none deserialised: what the pages cost PostgreSQL and Npgsql.
/// Shared by the projections and analytics benches so both measure the same ceiling.
/// </summary>
public static class RawLogPages
{
    /// <summary>Reads up to <paramref name="pages"/> pages of <paramref name="eventTypes"/> up to <paramref name="head"/>; returns how many events it saw.</summary>
    public static async Task<long> ReadAsync(NpgsqlDataSource dataSource, string schema, long head, string[] eventTypes, int batch, int pages, CancellationToken ct)
    {
        var sql = $"""
            SELECT seq_id, id, stream_id, version, type, data, timestamp, headers, user_name, correlation_id, causation_id, is_archived
            FROM {schema}.mt_events
            WHERE seq_id > $1 AND seq_id <= $2 AND type = ANY ($3)
            ORDER BY seq_id
            LIMIT $4
            """;
        long after = 0, seen = 0;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        for (var page = 0; page < pages; page++)
        {
            await using var cmd = new NpgsqlCommand(sql, connection);
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = head });
            cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = eventTypes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batch });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var n = 0;
            while (await r.ReadAsync(ct))
            {
                after = r.GetInt64(0);
                _ = r.GetGuid(1); _ = r.GetString(2); _ = r.GetInt64(3); _ = r.GetString(4); _ = r.GetFieldValue<byte[]>(5);
                _ = r.GetFieldValue<DateTimeOffset>(6); _ = r.IsDBNull(7) ? null : r.GetString(7);
                _ = r.IsDBNull(8) ? null : r.GetString(8); _ = r.IsDBNull(9) ? null : r.GetString(9); _ = r.IsDBNull(10) ? null : r.GetString(10);
                _ = r.GetBoolean(11);
                n++;
            }
            seen += n;
            if (n < batch) break;
        }
        return seen;
    }
}
