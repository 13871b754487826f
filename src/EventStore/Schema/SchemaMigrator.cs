using System.Globalization;
using Npgsql;

namespace Es.EventStore.Schema;

/// <summary>
/// Applies numbered SQL migrations to one database schema: each once, in order, in one
/// transaction, recorded in a migrations table, under an advisory lock so that several processes
/// starting at once do not race. A database newer than the code is refused. Used by the event
/// store and by every component that keeps tables beside it.
/// </summary>
public static class SchemaMigrator
{
    /// <param name="component">Names the lock and the error messages, e.g. "es-schema".</param>
    /// <param name="migrationsTable">The table recording applied versions, inside <paramref name="schema"/>.</param>
    /// <param name="migrations">The migrations in order, with <c>{schema}</c> where the schema name goes. Never edit a released one.</param>
    /// <returns>How many migrations were applied.</returns>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, string schema, string component, string migrationsTable,
        IReadOnlyList<string> migrations, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var bootstrap = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtext(@lock));
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.{migrationsTable} (
                version    integer     PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, connection, tx))
        {
            bootstrap.Parameters.AddWithValue("lock", $"{component}:{schema}");
            await bootstrap.ExecuteNonQueryAsync(ct);
        }

        int applied;
        await using (var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema}.{migrationsTable}", connection, tx))
            applied = Convert.ToInt32(await read.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        if (applied > migrations.Count)
            throw new InvalidOperationException(
                $"The {component} tables in schema '{schema}' are at version {applied}, newer than this program's {migrations.Count}.");

        for (var version = applied + 1; version <= migrations.Count; version++)
        {
            await using (var migrate = new NpgsqlCommand(migrations[version - 1].Replace("{schema}", schema), connection, tx))
                await migrate.ExecuteNonQueryAsync(ct);
            await using var record = new NpgsqlCommand($"INSERT INTO {schema}.{migrationsTable} (version) VALUES (@version)", connection, tx);
            record.Parameters.AddWithValue("version", version);
            await record.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return migrations.Count - applied;
    }
}
