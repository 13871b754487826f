using Es.EventStore;
using Es.Projections.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Es.Projections;

/// <summary>
/// The engine's view of its tables: the builds (generations) of each projection and their
/// progress, the views readers query, operator commands (pause, resume, retry, skip, rebuild),
/// status, and <see cref="ExplainAsync"/>. Every command works from any node: the state is in
/// PostgreSQL and the owning daemon picks changes up from there.
/// </summary>
public sealed partial class ProjectionCatalog
{
    private readonly PostgresEventStore _store;
    private readonly Sql _sql;

    public ProjectionCatalog(PostgresEventStore store, ProjectionRegistry registry, ProjectionOptions? options = null)
    {
        _store = store;
        Registry = registry;
        Options = options ?? new ProjectionOptions();
        Options.Validate();
        Schema = Options.Schema ?? store.Options.Schema;
        _sql = new Sql(Schema, store.Options.Schema);
    }

    /// <summary>Where the engine's tables, the read-model tables and their views live.</summary>
    public string Schema { get; }

    public ProjectionRegistry Registry { get; }
    public ProjectionOptions Options { get; }
    internal PostgresEventStore Store => _store;
    internal NpgsqlDataSource DataSource => _store.DataSource;

    public Task<int> MigrateAsync(CancellationToken ct = default) => ProjectionSchema.MigrateAsync(DataSource, Schema, ct);

    /// <summary>Everything a node needs before it serves or runs projections: the store's and the engine's tables, and a build of each projection.</summary>
    public async Task PrepareAsync(CancellationToken ct = default)
    {
        await _store.MigrateAsync(ct);
        await MigrateAsync(ct);
        await EnsureAsync(ct);
    }

    /// <summary>The physical table of a logical read-model table in one build.</summary>
    public string TableName(string logicalName, int generation) => $"{Schema}.{logicalName}_g{generation}";

    /// <summary>The table that records which events touched which key, in one build (what explain reads).</summary>
    public string SourcesTable(string name, int generation) => $"{Schema}.{name}_sources_g{generation}";

    /// <summary>The view readers query: always the current build.</summary>
    public string ViewName(string logicalName) => $"{Schema}.{logicalName}";

    internal IReadOnlyDictionary<string, string> Tables(Projection p, int generation) =>
        p.Tables.ToDictionary(t => t.Name, t => TableName(t.Name, generation), StringComparer.Ordinal);

    /// <summary>
    /// Makes sure every registered projection has a current build, and that a build of this
    /// program's version exists: a first build is created current; a newer version than the
    /// current one is created beside it, to be built and swapped in (blue/green).
    /// </summary>
    public async Task EnsureAsync(CancellationToken ct = default)
    {
        foreach (var p in Registry.All) await EnsureAsync(p, ct);
    }

    internal async Task EnsureAsync(Projection p, CancellationToken ct)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockNameAsync(tx, p.Name, ct);
        var generations = await ReadGenerationsAsync(tx, p.Name, ct);
        var current = generations.FirstOrDefault(g => g.IsCurrent);
        if (generations.Count == 0)
        {
            // An inline projection added to a log that already holds its events must not start
            // current and empty: the daemon builds it from the log and swaps it in, like a rebuild.
            var isCurrent = p.Mode == ProjectionMode.Async || !await HasEventsOfAsync(tx, p, ct);
            await CreateGenerationAsync(tx, p, 1, isCurrent, ct);
        }
        else if (current is not null && current.Version < p.Version && generations.All(g => g.Version != p.Version))
            await CreateGenerationAsync(tx, p, NextGeneration(generations), isCurrent: false, ct);
        // Otherwise: the first build is still being made, or this program's version is current, or
        // a newer version is (this node runs older code and leaves it alone).
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Starts a zero-downtime rebuild: a new build of this program's version of the projection,
    /// made from position 0 in its own tables while the current build keeps serving; the owning
    /// daemon swaps it in once it has caught up. Returns the new build's generation (or the one
    /// already under way).
    /// </summary>
    public async Task<int> RebuildAsync(string name, CancellationToken ct = default)
    {
        var p = Registry.Get(name);
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockNameAsync(tx, name, ct);
        var generations = await ReadGenerationsAsync(tx, name, ct);
        var current = generations.FirstOrDefault(g => g.IsCurrent);
        var building = generations.FirstOrDefault(g => !g.IsCurrent && g.Generation > (current?.Generation ?? 0) && g.Version == p.Version);
        if (building is not null) return building.Generation;
        var generation = NextGeneration(generations);
        await CreateGenerationAsync(tx, p, generation, isCurrent: current is null, ct);
        await tx.CommitAsync(ct);
        return generation;
    }

    /// <summary>
    /// Development rebuild: empties the current build's tables and sets its checkpoints back to
    /// 0, in one transaction. Readers see an empty model that fills up again. Inline projections
    /// are never emptied under their writers: for them this starts a zero-downtime rebuild.
    /// Returns the generation being rebuilt.
    /// </summary>
    public async Task<int> RebuildNowAsync(string name, CancellationToken ct = default)
    {
        var p = Registry.Get(name);
        if (p.Mode == ProjectionMode.Inline) return await RebuildAsync(name, ct);
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockNameAsync(tx, name, ct);
        var current = (await ReadGenerationsAsync(tx, name, ct)).FirstOrDefault(g => g.IsCurrent)
                      ?? throw new ProjectionException($"Projection '{name}' has no build yet; start the daemon or run rebuild.");
        if (current.Version != p.Version)
            throw new ProjectionException($"The current build of '{name}' is version {current.Version}; this program has version {p.Version}.");
        // Take the checkpoint rows first: an in-flight batch finishes before the tables are emptied.
        await ExecuteAsync(tx, _sql.LockProgress, ct, Text(name), Int(current.Generation));
        var tables = current.Tables.Select(t => TableName(t, current.Generation)).Append(SourcesTable(name, current.Generation));
        await ExecuteAsync(tx, $"TRUNCATE {string.Join(", ", tables)}", ct);
        await ExecuteAsync(tx, _sql.ResetProgress, ct, Text(name), Int(current.Generation));
        await ExecuteAsync(tx, _sql.RestartBuild, ct, Text(name), Int(current.Generation));
        await tx.CommitAsync(ct);
        return current.Generation;
    }

    /// <summary>Pauses every build of the projection; returns how many shards were paused.</summary>
    public Task<int> PauseAsync(string name, CancellationToken ct = default) => SetStatusAsync(name, "running", "paused", ct);

    /// <summary>Resumes a paused projection from its checkpoint.</summary>
    public Task<int> ResumeAsync(string name, CancellationToken ct = default) => SetStatusAsync(name, "paused", "running", ct);

    /// <summary>Tries the event a failed projection stopped on again (after a fix, say).</summary>
    public Task<int> RetryAsync(string name, CancellationToken ct = default) => SetStatusAsync(name, "failed", "running", ct);

    /// <summary>
    /// Moves a failed projection's checkpoint past the event it stopped on and resumes it. The
    /// skip is recorded (event, error, who, why) in <c>projection_skips</c>. Returns the skips.
    /// </summary>
    public async Task<IReadOnlyList<SkippedEvent>> SkipAsync(string name, string? skippedBy = null, string? reason = null, CancellationToken ct = default)
    {
        await using var cmd = DataSource.CreateCommand(_sql.Skip);
        cmd.Parameters.Add(Text(name));
        cmd.Parameters.Add(Text(skippedBy));
        cmd.Parameters.Add(Text(reason));
        return await ReadSkipsAsync(cmd, ct);
    }

    /// <summary>The events skipped on this projection, oldest first.</summary>
    public async Task<IReadOnlyList<SkippedEvent>> GetSkipsAsync(string name, CancellationToken ct = default)
    {
        await using var cmd = DataSource.CreateCommand(_sql.Skips);
        cmd.Parameters.Add(Text(name));
        return await ReadSkipsAsync(cmd, ct);
    }

    /// <summary>
    /// The events that made the read-model row with this key, in log order: every event whose
    /// key mapping named the key and that the current build applied (skipped events are not among them).
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ExplainAsync(string name, string key, CancellationToken ct = default)
    {
        SqlName.Check(name, "projection name");
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        int generation;
        await using (var current = new NpgsqlCommand(_sql.CurrentGeneration, connection))
        {
            current.Parameters.Add(Text(name));
            generation = await current.ExecuteScalarAsync(ct) is int g ? g : throw new ProjectionNotFoundException(name);
        }
        var positions = new List<long>();
        await using (var sources = new NpgsqlCommand(Sql.Sources.Replace("{sources}", SourcesTable(name, generation)), connection))
        {
            sources.Parameters.Add(Text(key));
            await using var reader = await sources.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) positions.AddRange(reader.GetFieldValue<long[]>(0));
        }
        var events = await _store.ReadEventsAsync(positions, ct: ct);
        return events.OrderBy(e => e.LogPosition).ToList();
    }

    /// <summary>Status of every build of every projection (or of one), with lag measured against the log now.</summary>
    public async Task<IReadOnlyList<ProjectionStatus>> GetStatusAsync(string? name = null, CancellationToken ct = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        var builds = new List<(ProjectionStatus Build, List<ShardStatus> Shards)>();
        await using (var cmd = new NpgsqlCommand(_sql.Status, connection))
        {
            cmd.Parameters.Add(Text(name));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var build = new ProjectionStatus(r.GetString(0), r.GetInt32(1), r.GetInt32(2),
                    Enum.Parse<ProjectionMode>(r.GetString(3), ignoreCase: true), r.GetBoolean(4),
                    r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5), []);
                if (builds.Count == 0 || builds[^1].Build.Name != build.Name || builds[^1].Build.Generation != build.Generation)
                    builds.Add((build, []));
                var caughtUp = r.GetBoolean(10);
                var state = r.GetString(7) switch
                {
                    "failed" => ProjectionState.Failed,
                    "paused" => ProjectionState.Paused,
                    _ when build.IsCurrent && build.Mode == ProjectionMode.Inline => ProjectionState.Running,
                    _ when !build.IsCurrent || (build.RebuildStartedAt is not null && !caughtUp) => ProjectionState.Rebuilding,
                    _ => ProjectionState.Running,
                };
                var failed = r.IsDBNull(15) ? null : new FailedEvent(r.GetGuid(15), new LogPosition(r.GetFieldValue<ulong>(16), r.GetInt64(17)),
                    r.GetString(18), r.GetString(19), r.GetFieldValue<DateTimeOffset>(20));
                var shard = new ShardStatus(r.GetInt32(6), state, new LogPosition(r.GetFieldValue<ulong>(8), r.GetInt64(9)), caughtUp,
                    EventsProcessed: r.GetInt64(11), LagEvents: 0, LagSeconds: 0, EventsPerSecond: r.GetDouble(12),
                    Owner: r.IsDBNull(13) ? null : r.GetString(13), LastError: r.IsDBNull(14) ? null : r.GetString(14),
                    failed, r.GetFieldValue<DateTimeOffset>(21));
                builds[^1].Shards.Add(shard);
            }
        }

        foreach (var (build, shards) in builds)
        {
            // The current build of an inline projection is written by the appends themselves: no lag.
            if (build.IsCurrent && build.Mode == ProjectionMode.Inline) continue;
            for (var i = 0; i < shards.Count; i++)
            {
                var (events, seconds) = await LagAsync(connection, shards[i].Position, ct);
                shards[i] = shards[i] with { LagEvents = events, LagSeconds = seconds };
            }
        }
        return builds.Select(b => b.Build with { Shards = b.Shards }).ToList();
    }

    // Exact up to a cap, then estimated from sequence numbers: status must stay cheap on a long log.
    private async Task<(long Events, double Seconds)> LagAsync(NpgsqlConnection connection, LogPosition position, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_sql.Lag, connection);
        cmd.Parameters.Add(new NpgsqlParameter<ulong> { TypedValue = position.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position.Sequence });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var counted = r.GetInt64(0);
        var seconds = r.IsDBNull(1) ? 0 : Math.Max(0, r.GetDouble(1));
        var estimated = r.IsDBNull(2) ? 0 : Math.Max(0, r.GetInt64(2) - position.Sequence);
        return (counted > Sql.LagCountCap ? Math.Max(counted, estimated) : counted, seconds);
    }

    private async Task<bool> HasEventsOfAsync(NpgsqlTransaction tx, Projection p, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_sql.HasEventsOf, tx.Connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = p.EventTypes.ToArray() });
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    private async Task<int> SetStatusAsync(string name, string from, string to, CancellationToken ct)
    {
        SqlName.Check(name, "projection name");
        await using var cmd = DataSource.CreateCommand(_sql.SetStatus);
        cmd.Parameters.Add(Text(name));
        cmd.Parameters.Add(Text(from));
        cmd.Parameters.Add(Text(to));
        var changed = await cmd.ExecuteNonQueryAsync(ct);
        if (changed == 0 && !await ExistsAsync(name, ct)) throw new ProjectionNotFoundException(name);
        return changed;
    }

    private async Task<bool> ExistsAsync(string name, CancellationToken ct)
    {
        await using var cmd = DataSource.CreateCommand(_sql.CurrentGeneration);
        cmd.Parameters.Add(Text(name));
        return await cmd.ExecuteScalarAsync(ct) is int;
    }

    private async Task CreateGenerationAsync(NpgsqlTransaction tx, Projection p, int generation, bool isCurrent, CancellationToken ct)
    {
        await ExecuteAsync(tx, _sql.InsertGeneration, ct, Text(p.Name), Int(generation), Int(p.Version),
            Text(p.Mode.ToString().ToLowerInvariant()), Int(p.Shards),
            new NpgsqlParameter<string[]> { TypedValue = p.Tables.Select(t => t.Name).ToArray() },
            new NpgsqlParameter<bool> { TypedValue = isCurrent });
        await ExecuteAsync(tx, _sql.InsertProgress, ct, Text(p.Name), Int(generation), Int(p.Shards));
        foreach (var t in p.Tables)
        {
            var physical = TableName(t.Name, generation);
            await ExecuteAsync(tx, $"CREATE TABLE {physical} ({t.Columns})", ct);
            foreach (var ddl in t.Indexes) await ExecuteAsync(tx, ddl.Replace("{table}", physical), ct);
        }
        await ExecuteAsync(tx, Sql.CreateSources.Replace("{sources}", SourcesTable(p.Name, generation)), ct);
        if (isCurrent)
            foreach (var t in p.Tables) await PointViewAsync(tx, t.Name, generation, ct);
    }

    private Task PointViewAsync(NpgsqlTransaction tx, string logicalName, int generation, CancellationToken ct) =>
        // Drop and create rather than CREATE OR REPLACE: a new version may change the columns.
        ExecuteAsync(tx, $"DROP VIEW IF EXISTS {ViewName(logicalName)}; CREATE VIEW {ViewName(logicalName)} AS SELECT * FROM {TableName(logicalName, generation)}", ct);

    private static int NextGeneration(IReadOnlyList<GenerationRow> generations) =>
        generations.Count == 0 ? 1 : generations.Max(g => g.Generation) + 1;

    internal async Task<IReadOnlyList<GenerationRow>> ReadGenerationsAsync(NpgsqlTransaction? tx, string name, CancellationToken ct)
    {
        NpgsqlConnection? owned = null;
        var connection = tx?.Connection ?? (owned = await DataSource.OpenConnectionAsync(ct));
        try
        {
            await using var cmd = new NpgsqlCommand(tx is null ? _sql.Generations : _sql.Generations + " FOR UPDATE", connection, tx);
            cmd.Parameters.Add(Text(name));
            var rows = new List<GenerationRow>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows.Add(new GenerationRow(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetFieldValue<string[]>(4), r.GetBoolean(5)));
            return rows;
        }
        finally
        {
            if (owned is not null) await owned.DisposeAsync();
        }
    }

    private async Task LockNameAsync(NpgsqlTransaction tx, string name, CancellationToken ct)
    {
        SqlName.Check(name, "projection name");
        await ExecuteAsync(tx, Sql.LockName, ct, Text($"{Schema}:{name}"));
    }

    internal static async Task ExecuteAsync(NpgsqlTransaction tx, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, tx.Connection, tx);
        cmd.Parameters.AddRange(parameters);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<IReadOnlyList<SkippedEvent>> ReadSkipsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var skips = new List<SkippedEvent>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            skips.Add(new SkippedEvent(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetGuid(3), new LogPosition(r.GetFieldValue<ulong>(4), r.GetInt64(5)),
                r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9),
                r.IsDBNull(10) ? null : r.GetString(10), r.GetFieldValue<DateTimeOffset>(11)));
        return skips;
    }

    internal static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
    internal static NpgsqlParameter Int(int value) => new NpgsqlParameter<int> { TypedValue = value };

    internal sealed record GenerationRow(string Name, int Generation, int Version, int Shards, string[] Tables, bool IsCurrent);

    /// <summary>The catalog's SQL. <c>{schema}</c> is the engine's schema, <c>{es}</c> the event store's.</summary>
    private sealed class Sql(string schema, string eventSchema)
    {
        public const int LagCountCap = 10_000;

        public const string LockName = "SELECT pg_advisory_xact_lock(hashtext('es-projection:' || $1))";

        // lz4 where the server has it (PostgreSQL 14+ built with it): pglz took about 2 ms to
        // compress each batch's 20 kB position array, lz4 a tenth of that, for arrays ~25 % larger.
        public const string CreateSources = """
            CREATE TABLE {sources} (key text NOT NULL, seqs bigint[] NOT NULL);
            CREATE INDEX ON {sources} (key);
            DO $$ BEGIN
              IF EXISTS (SELECT FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
                EXECUTE 'ALTER TABLE {sources} ALTER COLUMN seqs SET COMPRESSION lz4';
              END IF;
            END $$;
            """;

        public const string Sources = "SELECT seqs FROM {sources} WHERE key = $1";

        private string S(string sql) => sql.Replace("{schema}", schema).Replace("{es}", eventSchema);

        public string Generations => S("""
            SELECT name, generation, version, shards, tables, is_current
            FROM {schema}.projection_generations WHERE name = $1 ORDER BY generation
            """);

        public string HasEventsOf => S("SELECT EXISTS (SELECT 1 FROM {es}.events WHERE type = ANY ($1))");

        public string CurrentGeneration => S("SELECT generation FROM {schema}.projection_generations WHERE name = $1 AND is_current");

        public string InsertGeneration => S("""
            INSERT INTO {schema}.projection_generations (name, generation, version, mode, shards, tables, is_current, rebuild_started_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, now())
            """);

        public string InsertProgress => S("""
            INSERT INTO {schema}.projection_progress (name, generation, shard)
            SELECT $1, $2, s FROM generate_series(0, $3 - 1) AS s
            """);

        public string LockProgress => S("SELECT 1 FROM {schema}.projection_progress WHERE name = $1 AND generation = $2 FOR UPDATE");

        public string ResetProgress => S("""
            UPDATE {schema}.projection_progress
            SET tx_id = '0', seq = 0, caught_up = false, status = 'running', events_processed = 0, events_per_second = 0,
                last_error = NULL, failed_event_id = NULL, failed_tx_id = NULL, failed_seq = NULL, failed_event_type = NULL,
                failed_stream_id = NULL, failed_at = NULL, updated_at = now()
            WHERE name = $1 AND generation = $2
            """);

        public string RestartBuild => S("UPDATE {schema}.projection_generations SET rebuild_started_at = now() WHERE name = $1 AND generation = $2");

        public string SetStatus => S("""
            UPDATE {schema}.projection_progress
            SET status = $3, updated_at = now(),
                last_error = CASE WHEN $2 = 'failed' THEN NULL ELSE last_error END
            WHERE name = $1 AND status = $2
            """);

        public string Skip => S("""
            WITH failed AS (
                SELECT name, generation, shard, failed_event_id, failed_tx_id, failed_seq, failed_event_type, failed_stream_id, last_error
                FROM {schema}.projection_progress
                WHERE name = $1 AND status = 'failed' AND failed_event_id IS NOT NULL
                FOR UPDATE
            ), recorded AS (
                INSERT INTO {schema}.projection_skips (name, generation, shard, event_id, tx_id, seq, event_type, stream_id, error, skipped_by, reason)
                SELECT name, generation, shard, failed_event_id, failed_tx_id, failed_seq, failed_event_type, failed_stream_id, last_error, $2, $3
                FROM failed
                RETURNING name, generation, shard, event_id, tx_id, seq, event_type, stream_id, error, skipped_by, reason, skipped_at
            ), advanced AS (
                UPDATE {schema}.projection_progress p
                SET status = 'running', tx_id = f.failed_tx_id, seq = f.failed_seq, last_error = NULL, failed_event_id = NULL,
                    failed_tx_id = NULL, failed_seq = NULL, failed_event_type = NULL, failed_stream_id = NULL, failed_at = NULL, updated_at = now()
                FROM failed f
                WHERE p.name = f.name AND p.generation = f.generation AND p.shard = f.shard
            )
            SELECT * FROM recorded ORDER BY generation, shard
            """);

        public string Skips => S("""
            SELECT name, generation, shard, event_id, tx_id, seq, event_type, stream_id, error, skipped_by, reason, skipped_at
            FROM {schema}.projection_skips WHERE name = $1 ORDER BY id
            """);

        public string Status => S("""
            SELECT g.name, g.generation, g.version, g.mode, g.is_current, g.rebuild_started_at,
                   p.shard, p.status, p.tx_id, p.seq, p.caught_up, p.events_processed,
                   CASE WHEN p.updated_at < now() - interval '5 seconds' THEN 0 ELSE p.events_per_second END,
                   p.owner, p.last_error, p.failed_event_id, p.failed_tx_id, p.failed_seq, p.failed_event_type, p.failed_stream_id,
                   p.failed_at, p.updated_at
            FROM {schema}.projection_generations g
            JOIN {schema}.projection_progress p USING (name, generation)
            WHERE $1::text IS NULL OR g.name = $1
            ORDER BY g.name, g.generation, p.shard
            """);

        public string Lag => S($$"""
            SELECT
                (SELECT count(*) FROM (SELECT 1 FROM {es}.events WHERE (tx_id, seq) > ($1, $2) LIMIT {{LagCountCap + 1}}) AS pending),
                (SELECT extract(epoch FROM now() - recorded_at)::float8 FROM {es}.events
                 WHERE (tx_id, seq) > ($1, $2) ORDER BY tx_id, seq LIMIT 1),
                (SELECT max(seq) FROM {es}.events)
            """);
    }
}
