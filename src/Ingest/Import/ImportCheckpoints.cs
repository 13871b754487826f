using Npgsql;

namespace Es.Ingest.Import;

/// <summary>
/// Where each import stands, in PostgreSQL (<c>{schema}.import_checkpoints</c>): per file identity
/// (a hash of the content of every file the mapping reads) and mapping, the last line whose unit is
/// done (stored, known, rejected or skipped) with every unit before it. A rerun after an interruption
/// starts after that line; a finished import is marked complete, and importing it again starts over
/// (every line then comes back "already known").
/// </summary>
public sealed class ImportCheckpoints(NpgsqlDataSource dataSource, string schema)
{
    private string Table => $"{schema}.import_checkpoints";

    private string CreateSql => $"""
        CREATE SCHEMA IF NOT EXISTS {schema};
        CREATE TABLE IF NOT EXISTS {Table} (
            file_id      text        NOT NULL,
            mapping      text        NOT NULL,
            file_name    text        NOT NULL,
            last_line    integer     NOT NULL,
            units_done   bigint      NOT NULL,
            started_at   timestamptz NOT NULL DEFAULT now(),
            updated_at   timestamptz NOT NULL DEFAULT now(),
            completed_at timestamptz,
            PRIMARY KEY (file_id, mapping))
        """;

    public async Task EnsureTableAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(CreateSql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The last line done by an unfinished import of this file; 0 when there is none (never started, or finished).</summary>
    public async Task<int> ResumeAfterAsync(string fileId, string mapping, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT last_line FROM {Table} WHERE file_id = $1 AND mapping = $2 AND completed_at IS NULL");
        cmd.Parameters.AddWithValue(fileId);
        cmd.Parameters.AddWithValue(mapping);
        return await cmd.ExecuteScalarAsync(ct) is int line ? line : 0;
    }

    public async Task StartAsync(string fileId, string mapping, string fileName, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            INSERT INTO {Table} (file_id, mapping, file_name, last_line, units_done) VALUES ($1, $2, $3, 0, 0)
            ON CONFLICT (file_id, mapping) DO UPDATE SET file_name = excluded.file_name, updated_at = now(),
                last_line = CASE WHEN {Table}.completed_at IS NULL THEN {Table}.last_line ELSE 0 END,
                units_done = CASE WHEN {Table}.completed_at IS NULL THEN {Table}.units_done ELSE 0 END,
                started_at = CASE WHEN {Table}.completed_at IS NULL THEN {Table}.started_at ELSE now() END,
                completed_at = NULL
            """);
        cmd.Parameters.AddWithValue(fileId);
        cmd.Parameters.AddWithValue(mapping);
        cmd.Parameters.AddWithValue(fileName);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every unit up to <paramref name="lastLine"/> is done; run only after their commands have returned.</summary>
    public async Task AdvanceAsync(string fileId, string mapping, int lastLine, long unitsDone, bool completed, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            UPDATE {Table} SET last_line = $3, units_done = units_done + $4, updated_at = now(),
                completed_at = CASE WHEN $5 THEN now() END
            WHERE file_id = $1 AND mapping = $2
            """);
        cmd.Parameters.AddWithValue(fileId);
        cmd.Parameters.AddWithValue(mapping);
        cmd.Parameters.AddWithValue(lastLine);
        cmd.Parameters.AddWithValue(unitsDone);
        cmd.Parameters.AddWithValue(completed);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
