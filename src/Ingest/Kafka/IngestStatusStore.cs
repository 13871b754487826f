using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Es.Ingest.Kafka;

/// <summary>
/// The consumers' last figures in PostgreSQL, one row per node, so the operators' CLI (another
/// process) shows what /health shows. Each node writes its row every few seconds.
/// </summary>
public sealed class IngestStatusStore(NpgsqlDataSource dataSource, string schema)
{
    private string Create => $"CREATE TABLE IF NOT EXISTS {schema}.es_ingest_status (node text PRIMARY KEY, snapshot jsonb NOT NULL, updated_at timestamptz NOT NULL)";
    private string Upsert => $"""
        INSERT INTO {schema}.es_ingest_status (node, snapshot, updated_at) VALUES ($1, $2, now())
        ON CONFLICT (node) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at
        """;
    private string Select => $"SELECT node, snapshot, updated_at FROM {schema}.es_ingest_status ORDER BY node";

    public async Task WriteAsync(string node, IngestSnapshot snapshot, CancellationToken ct = default)
    {
        await using (var create = dataSource.CreateCommand(Create)) await create.ExecuteNonQueryAsync(ct);
        await using var cmd = dataSource.CreateCommand(Upsert);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = node });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(snapshot), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<(string Node, IngestSnapshot Snapshot, DateTimeOffset UpdatedAt)>> ReadAsync(CancellationToken ct = default)
    {
        await using (var create = dataSource.CreateCommand(Create)) await create.ExecuteNonQueryAsync(ct);
        await using var cmd = dataSource.CreateCommand(Select);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<(string, IngestSnapshot, DateTimeOffset)>();
        while (await r.ReadAsync(ct))
            rows.Add((r.GetString(0), JsonSerializer.Deserialize<IngestSnapshot>(r.GetString(1))!, r.GetFieldValue<DateTimeOffset>(2)));
        return rows;
    }
}
