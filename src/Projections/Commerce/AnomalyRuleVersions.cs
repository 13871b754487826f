using Npgsql;

namespace Es.Projections.Commerce;

/// <summary>
/// Gives each rule set (the projection's logic revision and its <see cref="AnomalyOptions"/>) a
/// projection version, so changing a threshold makes Es build the flags anew beside the served
/// build and swap them in (docs/projections.md, "Rebuilds"). Es's versions must only grow (a lower
/// one is older code, whose writes are discarded), so versions are handed out in PostgreSQL, in
/// the projection schema's <c>anomaly_rule_versions</c>: the same rule set as the latest keeps its
/// version; any other one, a set used before included, gets the next number.
/// </summary>
/// <remarks>
/// Every node must run with the same options. A node started with other options takes the next
/// version and rebuilds; the others then act as older code (their writes go nowhere) until they are
/// restarted with the same options, which makes yet another version: so change the options on all
/// nodes, then restart them.
/// </remarks>
public static class AnomalyRuleVersions
{
    private const string Resolve = """
        CREATE SCHEMA IF NOT EXISTS {schema};
        CREATE TABLE IF NOT EXISTS {schema}.anomaly_rule_versions (
            version        integer     PRIMARY KEY,
            fingerprint    text        NOT NULL,
            options        text        NOT NULL,
            registered_at  timestamptz NOT NULL DEFAULT now());
        """;

    private const string Latest = "SELECT version, fingerprint FROM {schema}.anomaly_rule_versions ORDER BY version DESC LIMIT 1";

    // Builds outlive this table when a schema was reset by hand: never hand out a version at or below one built.
    private const string BuildsExist = "SELECT to_regclass('{schema}.projection_builds') IS NOT NULL";

    private const string HighestBuilt = "SELECT coalesce(max(version), 0) FROM {schema}.projection_builds WHERE name = $1";

    private const string Insert = "INSERT INTO {schema}.anomaly_rule_versions (version, fingerprint, options) VALUES ($1, $2, $3)";

    /// <summary>The version of <paramref name="options"/> in <paramref name="schema"/>: the latest one's if it is the same rule set, else the next.</summary>
    public static async Task<int> ResolveAsync(NpgsqlDataSource dataSource, string schema, AnomalyOptions options, CancellationToken ct = default)
    {
        options.Validate();
        SqlName.Check(schema, "projection schema");
        var fingerprint = AnomalyProjection.FingerprintOf(options);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // CREATE ... IF NOT EXISTS races with itself: one advisory lock per schema serialises it all.
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext($1))", connection))
        {
            lockCmd.Parameters.AddWithValue($"{schema}.anomaly_rule_versions");
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await using (var create = new NpgsqlCommand(Resolve.Replace("{schema}", schema), connection))
                await create.ExecuteNonQueryAsync(ct);
            int latest = 0;
            await using (var read = new NpgsqlCommand(Latest.Replace("{schema}", schema), connection))
            await using (var r = await read.ExecuteReaderAsync(ct))
                if (await r.ReadAsync(ct))
                {
                    if (r.GetString(1) == fingerprint) return r.GetInt32(0);
                    latest = r.GetInt32(0);
                }
            var highestBuilt = 0;
            await using (var exists = new NpgsqlCommand(BuildsExist.Replace("{schema}", schema), connection))
                if (await exists.ExecuteScalarAsync(ct) is true)
                {
                    await using var built = new NpgsqlCommand(HighestBuilt.Replace("{schema}", schema), connection);
                    built.Parameters.AddWithValue(AnomalyProjection.ProjectionName);
                    highestBuilt = Convert.ToInt32(await built.ExecuteScalarAsync(ct));
                }
            var next = Math.Max(latest, highestBuilt) + 1;
            await using var insert = new NpgsqlCommand(Insert.Replace("{schema}", schema), connection);
            insert.Parameters.AddWithValue(next);
            insert.Parameters.AddWithValue(fingerprint);
            insert.Parameters.AddWithValue($"revision={AnomalyProjection.LogicRevision};{options.Canonical()}");
            await insert.ExecuteNonQueryAsync(ct);
            return next;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext($1))", connection);
            unlock.Parameters.AddWithValue($"{schema}.anomaly_rule_versions");
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
