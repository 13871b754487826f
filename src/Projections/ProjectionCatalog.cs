using Es.EventStore;
using Es.Projections.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Es.Projections;

/// <summary>
/// Es's view of its projections beside Marten's daemon: the builds (generations) of each
/// projection and their tables, the views readers query and writers write through, operator
/// commands (pause, resume, retry, skip, rebuild), status, and <see cref="ExplainAsync"/>. Every
/// command works from any node: the state is in PostgreSQL and the nodes running the daemon pick
/// changes up from there.
/// </summary>
/// <remarks>
/// Readers query <c>{table}</c>, a view onto the current build. Live writers (Marten's daemon, and
/// inline projections in the append's session) write through <c>{table}_w{version}</c>, a view
/// onto the current build when it is of their version and onto a table that keeps nothing when it
/// is not. Each live page first takes a shared advisory lock per projection; a rebuild's swap takes
/// it exclusively, so it happens between pages, never inside one, and the writes after it go to
/// the new build whatever the writer computed before.
/// </remarks>
public sealed class ProjectionCatalog
{
    private readonly MartenEventStore _store;
    private readonly Sql _sql;

    public ProjectionCatalog(MartenEventStore store, ProjectionRegistry registry, ProjectionOptions? options = null)
    {
        _store = store;
        Registry = registry;
        Options = options ?? new ProjectionOptions();
        Options.Validate();
        Schema = Options.Schema ?? store.Options.Schema;
        EventSchema = store.Options.Schema;
        _sql = new Sql(Schema, EventSchema);
    }

    /// <summary>Where Es's projection tables, the read-model tables and their views live.</summary>
    public string Schema { get; }

    /// <summary>Where Marten's event tables live.</summary>
    public string EventSchema { get; }

    public ProjectionRegistry Registry { get; }
    public ProjectionOptions Options { get; }
    public MartenEventStore Store => _store;
    internal NpgsqlDataSource DataSource => _store.DataSource;
    internal EventTypeRegistry Types => _store.Types;

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using (var cmd = DataSource.CreateCommand($"CREATE SCHEMA IF NOT EXISTS {Schema}"))
        {
            try { await cmd.ExecuteNonQueryAsync(ct); }
            catch (PostgresException ex) when (ex.SqlState == "23505") { /* created by another node at the same moment */ }
        }
        await ProjectionSchema.MigrateAsync(DataSource, Schema, ct);
    }

    /// <summary>Everything a node needs before it serves or runs projections: Marten's and Es's tables, and a build of each projection.</summary>
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

    /// <summary>The view live writers of one version write through.</summary>
    public string WriterView(string logicalName, int version) => $"{Schema}.{logicalName}_w{version}";

    internal string SourcesWriterView(string name, int version) => WriterView($"{name}_sources", version);

    private string DiscardTable(string logicalName, int version) => $"{Schema}.{logicalName}_v{version}_discard";

    /// <summary>Marten's name for the daemon's shard of a projection (its row in <c>mt_event_progression</c>).</summary>
    public static string ShardName(string name) => $"{name}:All";

    /// <summary>The key of the advisory lock that orders live pages (shared) against a swap (exclusive).</summary>
    internal long SwapLockKey(string name) => LockKey($"es-projection:{Schema}:{name}");

    internal static long LockKey(string text)
    {
        // FNV-1a 64: stable across processes and runs (string.GetHashCode is not).
        var hash = 14695981039346656037UL;
        foreach (var c in text) hash = (hash ^ c) * 1099511628211UL;
        return unchecked((long)hash);
    }

    /// <summary>
    /// Makes sure every registered projection has a build, and that a build of this program's
    /// version exists: a first build is created current when the daemon can fill it in place; a
    /// newer version than the current one is built beside it and swapped in (blue/green).
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
        var builds = await ReadBuildsAsync(tx, p.Name, ct);
        var current = builds.FirstOrDefault(b => b.IsCurrent);
        if (builds.Count == 0)
        {
            // An empty build can start current only where nothing has happened yet: an async one
            // whose daemon checkpoint is 0 (the daemon fills it), an inline one with no events of its
            // types. Otherwise it is built from the log beside an empty served model, and swapped in.
            var isCurrent = p.Mode == ProjectionMode.Async
                ? await DaemonPositionAsync(tx, p.Name, ct) == 0
                : !await HasEventsOfAsync(tx, p, ct);
            // A new async projection on a log that already holds its events: the rebuild runner,
            // which reads only what the projection needs, makes the first build (about three times
            // the daemon's catch-up, benchmarks.md), and the daemon starts at Marten's high-water
            // mark (every event below it is committed or never will be) to follow what comes after.
            // Without a mark (no daemon has run on this log yet) the daemon fills the build in place.
            if (isCurrent && p.Mode == ProjectionMode.Async && await HasEventsOfAsync(tx, p, ct)
                && await HighWaterMarkAsync(ct) is > 0 and var mark)
            {
                await ExecuteAsync(tx, _sql.SeedDaemonPosition, ct, Text(ShardName(p.Name)), new NpgsqlParameter<long> { TypedValue = mark });
                isCurrent = false;
            }
            await CreateBuildAsync(tx, p, 1, isCurrent, ct);
        }
        else if (current is not null && current.Version < p.Version && builds.All(b => b.Version != p.Version))
            await CreateBuildAsync(tx, p, NextGeneration(builds), isCurrent: false, ct);
        // Otherwise: this program's version is current or being built, or a newer version is
        // current (this node runs older code: its writes go to a table that keeps nothing).
        await EnsureWriterViewsAsync(tx, p, await ReadBuildsAsync(tx, p.Name, ct), ct);
        await ExecuteAsync(tx, _sql.EnsureControl, ct, Text(p.Name));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Starts a zero-downtime rebuild: a new build of this program's version of the projection,
    /// made from the start of the log in its own tables while the current build keeps serving; the
    /// rebuild runner swaps it in once it has caught up. Returns the new build's generation (or the
    /// one already under way).
    /// </summary>
    public async Task<int> RebuildAsync(string name, CancellationToken ct = default)
    {
        var p = Registry.Get(name);
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockNameAsync(tx, name, ct);
        var builds = await ReadBuildsAsync(tx, name, ct);
        var building = builds.FirstOrDefault(b => !b.IsCurrent && b.Version == p.Version);
        if (building is not null) return building.Generation;
        var generation = NextGeneration(builds);
        await CreateBuildAsync(tx, p, generation, isCurrent: false, ct);
        await EnsureWriterViewsAsync(tx, p, await ReadBuildsAsync(tx, name, ct), ct);
        await tx.CommitAsync(ct);
        return generation;
    }

    /// <summary>Pauses the projection's live build; returns whether it was running.</summary>
    public Task<bool> PauseAsync(string name, CancellationToken ct = default) => SetStatusAsync(name, "running", "paused", ct);

    /// <summary>Resumes a paused projection from its checkpoint.</summary>
    public Task<bool> ResumeAsync(string name, CancellationToken ct = default) => SetStatusAsync(name, "paused", "running", ct);

    /// <summary>
    /// Tries the event a failed projection stopped on again (after a fix, say). The recorded failure
    /// is cleared: if the event fails again, the new failure is recorded in its place.
    /// </summary>
    public Task<bool> RetryAsync(string name, CancellationToken ct = default) => SetStatusAsync(name, "failed", "running", ct);

    /// <summary>
    /// Skips the event a failed projection stopped on and resumes it. The skip is recorded (event,
    /// error, who, why) in <c>projection_skips</c>; every build of the projection passes over the
    /// event from then on. Returns the skip, or null when the projection was not failed on an event.
    /// </summary>
    public async Task<SkippedEvent?> SkipAsync(string name, string? skippedBy = null, string? reason = null, CancellationToken ct = default)
    {
        Registry.Get(name);
        await using var cmd = DataSource.CreateCommand(_sql.Skip);
        cmd.Parameters.Add(Text(name));
        cmd.Parameters.Add(Text(skippedBy));
        cmd.Parameters.Add(Text(reason));
        return (await ReadSkipsAsync(cmd, ct)).SingleOrDefault();
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
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ExplainOnceAsync(name, key, ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable && attempt < 3)
            {
                // A swap dropped the build read a moment ago: the next look finds the new current one.
            }
        }
    }

    private async Task<IReadOnlyList<RecordedEvent>> ExplainOnceAsync(string name, string key, CancellationToken ct)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        int generation;
        await using (var current = new NpgsqlCommand(_sql.CurrentGeneration, connection))
        {
            current.Parameters.Add(Text(name));
            generation = await current.ExecuteScalarAsync(ct) is int g ? g : throw new ProjectionNotFoundException(name);
        }
        var sequences = new List<long>();
        await using (var sources = new NpgsqlCommand(Sql.Sources.Replace("{sources}", SourcesTable(name, generation)), connection))
        {
            sources.Parameters.Add(Text(key));
            await using var reader = await sources.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) sequences.AddRange(reader.GetFieldValue<long[]>(0));
        }
        return await _store.ReadEventsAsync(sequences, ct);
    }

    /// <summary>Status of every build of every projection (or of one), with lag measured against the log now.</summary>
    public async Task<IReadOnlyList<ProjectionStatus>> GetStatusAsync(string? name = null, CancellationToken ct = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        var rows = new List<ProjectionStatus>();
        long head;
        await using (var h = new NpgsqlCommand(_sql.Head, connection))
            head = await h.ExecuteScalarAsync(ct) is long l ? l : 0;
        await using (var cmd = new NpgsqlCommand(_sql.Status, connection))
        {
            cmd.Parameters.Add(Text(name));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var mode = Enum.Parse<ProjectionMode>(r.GetString(3), ignoreCase: true);
                var isCurrent = r.GetBoolean(4);
                var control = r.IsDBNull(10) ? "running" : r.GetString(10);
                // The live build's position is the daemon's (async) or the log's own (inline: written by the appends).
                var position = !isCurrent ? r.GetInt64(5) : mode == ProjectionMode.Inline ? head : r.IsDBNull(9) ? 0 : r.GetInt64(9);
                var buildError = r.IsDBNull(17) ? null : r.GetString(17);
                // A build being made that stopped on an event (the rebuild runner records it and tries
                // again) is failed until a page gets past it: `projections rebuild` must not wait on it.
                // A paused projection's rebuild waits too (RebuildRunner), so it shows paused.
                var state = !isCurrent ? (buildError is not null ? ProjectionState.Failed
                        : control == "paused" ? ProjectionState.Paused : ProjectionState.Rebuilding)
                    : control == "failed" ? ProjectionState.Failed
                    : control == "paused" ? ProjectionState.Paused
                    : ProjectionState.Running;
                var failed = r.IsDBNull(12) ? null : new FailedEvent(r.GetGuid(12), r.GetInt64(13), r.GetString(14), r.GetString(15),
                    r.GetFieldValue<DateTimeOffset>(16));
                var lag = Math.Max(0, head - position);
                rows.Add(new ProjectionStatus(r.GetString(0), r.GetInt32(1), r.GetInt32(2), mode, isCurrent, state, position,
                    CaughtUp: lag == 0, EventsProcessed: position, LagEvents: lag, LagSeconds: 0,
                    EventsPerSecond: r.GetDouble(7), RebuildStartedAt: r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
                    LastError: isCurrent ? (r.IsDBNull(11) ? null : r.GetString(11)) : buildError,
                    FailedEvent: isCurrent ? failed : null));
            }
        }
        for (var i = 0; i < rows.Count; i++)
            if (rows[i].LagEvents > 0)
                rows[i] = rows[i] with { LagSeconds = await LagSecondsAsync(connection, rows[i].Position, ct) };
        return rows;
    }

    private async Task<double> LagSecondsAsync(NpgsqlConnection connection, long position, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_sql.LagSeconds, connection);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        return await cmd.ExecuteScalarAsync(ct) is double seconds ? Math.Max(0, seconds) : 0;
    }

    /// <summary>The control row of a projection: its status (running, paused, failed).</summary>
    internal async Task<string> ControlStatusAsync(string name, CancellationToken ct)
    {
        await using var cmd = DataSource.CreateCommand(_sql.ControlStatus);
        cmd.Parameters.Add(Text(name));
        return await cmd.ExecuteScalarAsync(ct) as string ?? "running";
    }

    /// <summary>
    /// What a live page checks before it applies anything, in one round trip: the projection's
    /// control status (an operator's pause, a recorded failure) and the events operators skipped.
    /// </summary>
    internal async Task<(string Status, HashSet<Guid> Skipped)> PageControlAsync(string name, CancellationToken ct)
    {
        await using var cmd = DataSource.CreateCommand(_sql.PageControl);
        cmd.Parameters.Add(Text(name));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var status = r.IsDBNull(0) ? "running" : r.GetString(0);
        return (status, r.IsDBNull(1) ? [] : [.. r.GetFieldValue<Guid[]>(1)]);
    }

    /// <summary>The ids of the events operators skipped on a projection.</summary>
    internal async Task<HashSet<Guid>> SkippedIdsAsync(string name, CancellationToken ct)
    {
        await using var cmd = DataSource.CreateCommand(_sql.SkippedIds);
        cmd.Parameters.Add(Text(name));
        var ids = new HashSet<Guid>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids.Add(r.GetGuid(0));
        return ids;
    }

    /// <summary>Records the event a projection stopped on; the projection is failed until retried or skipped.</summary>
    internal async Task RecordFailureAsync(string name, RecordedEvent e, Exception error, CancellationToken ct)
    {
        await using var cmd = DataSource.CreateCommand(_sql.RecordFailure);
        cmd.Parameters.Add(Text(name));
        cmd.Parameters.Add(Text($"{error.GetType().Name}: {error.Message}"));
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = e.EventId });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.Sequence });
        cmd.Parameters.Add(Text(e.EventType));
        cmd.Parameters.Add(Text(e.StreamId));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The daemon's committed checkpoint of a projection; 0 when it has none yet.</summary>
    internal async Task<long> DaemonPositionAsync(NpgsqlTransaction? tx, string name, CancellationToken ct)
    {
        await using var cmd = tx is null ? DataSource.CreateCommand(_sql.DaemonPosition) : new NpgsqlCommand(_sql.DaemonPosition, tx.Connection, tx);
        cmd.Parameters.Add(Text(ShardName(name)));
        return await cmd.ExecuteScalarAsync(ct) is long l ? l : 0;
    }

    /// <summary>Marten's high-water mark: every event at or below it is committed or will never be.</summary>
    internal async Task<long?> HighWaterMarkAsync(CancellationToken ct)
    {
        await using var cmd = DataSource.CreateCommand(_sql.DaemonPosition);
        cmd.Parameters.Add(Text("HighWaterMark"));
        return await cmd.ExecuteScalarAsync(ct) is long l ? l : null;
    }

    /// <summary>
    /// Makes a caught-up build current, inside the caller's transaction (which holds the swap lock
    /// exclusively): the reader views and this version's writer views now point at its tables, other
    /// versions' writer views at tables that keep nothing, and the older builds are dropped.
    /// </summary>
    internal async Task SwapAsync(NpgsqlTransaction tx, Projection p, int generation, CancellationToken ct)
    {
        var builds = await ReadBuildsAsync(tx, p.Name, ct);
        var target = builds.Single(b => b.Generation == generation);
        foreach (var table in target.Tables) await PointViewAsync(tx, ViewName(table), TableName(table, generation), ct);
        foreach (var old in builds.Where(b => b.Generation != generation))
        {
            if (old.Version != target.Version)
            {
                // The older version's writers (nodes not yet upgraded) keep writing: into nothing, from now on.
                foreach (var table in old.Tables) await PointDiscardAsync(tx, table, old.Version, TableName(table, old.Generation), ct);
                await PointDiscardAsync(tx, $"{p.Name}_sources", old.Version, SourcesTable(p.Name, old.Generation), ct);
            }
            foreach (var table in old.Tables.Except(target.Tables))
                await ExecuteAsync(tx, $"DROP VIEW IF EXISTS {ViewName(table)}", ct);
        }
        foreach (var table in target.Tables) await PointViewAsync(tx, WriterView(table, target.Version), TableName(table, generation), ct);
        await PointViewAsync(tx, SourcesWriterView(p.Name, target.Version), SourcesTable(p.Name, generation), ct);
        foreach (var old in builds.Where(b => b.Generation != generation))
        {
            var tables = old.Tables.Select(t => TableName(t, old.Generation)).Append(SourcesTable(p.Name, old.Generation));
            await ExecuteAsync(tx, $"DROP TABLE IF EXISTS {string.Join(", ", tables)}", ct);
        }
        await ExecuteAsync(tx, _sql.DropOtherBuilds, ct, Text(p.Name), Int(generation));
        await ExecuteAsync(tx, _sql.MakeCurrent, ct, Text(p.Name), Int(generation));
    }

    private async Task CreateBuildAsync(NpgsqlTransaction tx, Projection p, int generation, bool isCurrent, CancellationToken ct)
    {
        await ExecuteAsync(tx, _sql.InsertBuild, ct, Text(p.Name), Int(generation), Int(p.Version),
            Text(p.Mode.ToString().ToLowerInvariant()), new NpgsqlParameter<string[]> { TypedValue = p.Tables.Select(t => t.Name).ToArray() },
            new NpgsqlParameter<bool> { TypedValue = isCurrent });
        foreach (var t in p.Tables)
        {
            var physical = TableName(t.Name, generation);
            await ExecuteAsync(tx, $"CREATE TABLE {physical} ({t.Columns})", ct);
            foreach (var ddl in t.Indexes) await ExecuteAsync(tx, ddl.Replace("{table}", physical), ct);
        }
        await ExecuteAsync(tx, Sql.CreateSources.Replace("{sources}", SourcesTable(p.Name, generation)), ct);
        if (!isCurrent) return;
        foreach (var t in p.Tables)
        {
            await PointViewAsync(tx, ViewName(t.Name), TableName(t.Name, generation), ct);
            await PointViewAsync(tx, WriterView(t.Name, p.Version), TableName(t.Name, generation), ct);
        }
        await PointViewAsync(tx, SourcesWriterView(p.Name, p.Version), SourcesTable(p.Name, generation), ct);
    }

    // This program's writer views: onto the current build when it is of this version, else onto
    // tables that keep nothing (its writes are for a build that is not served, or not yet).
    private async Task EnsureWriterViewsAsync(NpgsqlTransaction tx, Projection p, IReadOnlyList<BuildRow> builds, CancellationToken ct)
    {
        var current = builds.FirstOrDefault(b => b.IsCurrent);
        if (current is not null && current.Version == p.Version)
        {
            foreach (var t in p.Tables) await PointViewAsync(tx, WriterView(t.Name, p.Version), TableName(t.Name, current.Generation), ct);
            await PointViewAsync(tx, SourcesWriterView(p.Name, p.Version), SourcesTable(p.Name, current.Generation), ct);
            return;
        }
        var mine = builds.FirstOrDefault(b => b.Version == p.Version);
        if (mine is null) return;
        foreach (var t in p.Tables) await PointDiscardAsync(tx, t.Name, p.Version, TableName(t.Name, mine.Generation), ct);
        await PointDiscardAsync(tx, $"{p.Name}_sources", p.Version, SourcesTable(p.Name, mine.Generation), ct);
        // Readers of a projection that has never been served see it empty, not missing.
        if (current is null)
            foreach (var t in p.Tables) await PointViewAsync(tx, ViewName(t.Name), DiscardTable(t.Name, p.Version), ct);
    }

    private async Task PointDiscardAsync(NpgsqlTransaction tx, string logicalName, int version, string shapedLike, CancellationToken ct)
    {
        var discard = DiscardTable(logicalName, version);
        await ExecuteAsync(tx, Sql.CreateDiscard.Replace("{discard}", discard).Replace("{like}", shapedLike)
            .Replace("{trigger}", $"{logicalName}_v{version}_discard").Replace("{schema}", Schema), ct);
        await PointViewAsync(tx, WriterView(logicalName, version), discard, ct);
    }

    private static Task PointViewAsync(NpgsqlTransaction tx, string view, string table, CancellationToken ct) =>
        // Drop and create rather than CREATE OR REPLACE: a new version may change the columns.
        ExecuteAsync(tx, $"DROP VIEW IF EXISTS {view}; CREATE VIEW {view} AS SELECT * FROM {table}", ct);

    private static int NextGeneration(IReadOnlyList<BuildRow> builds) => builds.Count == 0 ? 1 : builds.Max(b => b.Generation) + 1;

    internal async Task<IReadOnlyList<BuildRow>> ReadBuildsAsync(NpgsqlTransaction? tx, string name, CancellationToken ct)
    {
        NpgsqlConnection? owned = null;
        var connection = tx?.Connection ?? (owned = await DataSource.OpenConnectionAsync(ct));
        try
        {
            await using var cmd = new NpgsqlCommand(_sql.Builds, connection, tx);
            cmd.Parameters.Add(Text(name));
            var rows = new List<BuildRow>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                rows.Add(new BuildRow(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetFieldValue<string[]>(3), r.GetBoolean(4), r.GetInt64(5)));
            return rows;
        }
        finally
        {
            if (owned is not null) await owned.DisposeAsync();
        }
    }

    private async Task<bool> HasEventsOfAsync(NpgsqlTransaction tx, Projection p, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_sql.HasEventsOf, tx.Connection, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = StoredNames(p) });
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>The names Marten stores a projection's event types under, every schema version's.</summary>
    internal string[] StoredNames(Projection p) =>
        p.EventTypes.SelectMany(name => Types.TryGetByName(name, out var info)
            ? Enumerable.Range(1, info.SchemaVersion).Select(v => EventTypeRegistry.StoredName(name, v))
            : [name]).ToArray();

    private async Task<bool> SetStatusAsync(string name, string from, string to, CancellationToken ct)
    {
        Registry.Get(name);
        await using var cmd = DataSource.CreateCommand(_sql.SetStatus);
        cmd.Parameters.Add(Text(name));
        cmd.Parameters.Add(Text(from));
        cmd.Parameters.Add(Text(to));
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    private async Task LockNameAsync(NpgsqlTransaction tx, string name, CancellationToken ct)
    {
        SqlName.Check(name, "projection name");
        await ExecuteAsync(tx, "SELECT pg_advisory_xact_lock($1)", ct, new NpgsqlParameter<long> { TypedValue = LockKey($"es-projection-catalog:{Schema}:{name}") });
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
            skips.Add(new SkippedEvent(r.GetString(0), r.GetGuid(1), r.GetInt64(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
                r.GetFieldValue<DateTimeOffset>(8)));
        return skips;
    }

    internal static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
    internal static NpgsqlParameter Int(int value) => new NpgsqlParameter<int> { TypedValue = value };

    internal sealed record BuildRow(string Name, int Generation, int Version, string[] Tables, bool IsCurrent, long Checkpoint);

    /// <summary>The catalog's SQL. <c>{schema}</c> is Es's projection schema, <c>{es}</c> Marten's event schema.</summary>
    private sealed class Sql(string schema, string eventSchema)
    {
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

        public const string CreateDiscard = """
            -- With the build table's keys and indexes: an INSERT ... ON CONFLICT through the writer view needs them.
            CREATE TABLE IF NOT EXISTS {discard} (LIKE {like} INCLUDING ALL);
            DROP TRIGGER IF EXISTS {trigger} ON {discard};
            CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {discard} FOR EACH ROW EXECUTE FUNCTION {schema}.es_discard_row();
            """;

        public const string Sources = "SELECT seqs FROM {sources} WHERE key = $1";

        private string S(string sql) => sql.Replace("{schema}", schema).Replace("{es}", eventSchema);

        public string Builds => S("""
            SELECT name, generation, version, tables, is_current, checkpoint
            FROM {schema}.projection_builds WHERE name = $1 ORDER BY generation
            """);

        public string HasEventsOf => S("SELECT EXISTS (SELECT 1 FROM {es}.mt_events WHERE type = ANY ($1))");

        public string Head => S("SELECT coalesce(max(seq_id), 0) FROM {es}.mt_events");

        public string DaemonPosition => S("SELECT last_seq_id FROM {es}.mt_event_progression WHERE name = $1");

        public string SeedDaemonPosition => S("""
            INSERT INTO {es}.mt_event_progression (name, last_seq_id) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET last_seq_id = EXCLUDED.last_seq_id WHERE mt_event_progression.last_seq_id = 0
            """);

        public string CurrentGeneration => S("SELECT generation FROM {schema}.projection_builds WHERE name = $1 AND is_current");

        public string InsertBuild => S("""
            INSERT INTO {schema}.projection_builds (name, generation, version, mode, tables, is_current, rebuild_started_at)
            VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 THEN NULL ELSE now() END)
            """);

        public string EnsureControl => S("INSERT INTO {schema}.projection_control (name) VALUES ($1) ON CONFLICT DO NOTHING");

        public string ControlStatus => S("SELECT status FROM {schema}.projection_control WHERE name = $1");

        public string SkippedIds => S("SELECT event_id FROM {schema}.projection_skips WHERE name = $1");

        public string PageControl => S("SELECT (SELECT status FROM {schema}.projection_control WHERE name = $1), "
            + "(SELECT array_agg(event_id) FROM {schema}.projection_skips WHERE name = $1)");

        public string RecordFailure => S("""
            UPDATE {schema}.projection_control
            SET status = 'failed', last_error = $2, failed_event_id = $3, failed_seq = $4, failed_event_type = $5,
                failed_stream_id = $6, failed_at = now(), updated_at = now()
            WHERE name = $1
            """);

        public string SetStatus => S("""
            UPDATE {schema}.projection_control
            SET status = $3, updated_at = now(),
                last_error = CASE WHEN $2 = 'failed' THEN NULL ELSE last_error END,
                failed_event_id = CASE WHEN $2 = 'failed' THEN NULL ELSE failed_event_id END,
                failed_seq = CASE WHEN $2 = 'failed' THEN NULL ELSE failed_seq END,
                failed_event_type = CASE WHEN $2 = 'failed' THEN NULL ELSE failed_event_type END,
                failed_stream_id = CASE WHEN $2 = 'failed' THEN NULL ELSE failed_stream_id END,
                failed_at = CASE WHEN $2 = 'failed' THEN NULL ELSE failed_at END
            WHERE name = $1 AND status = $2
            """);

        public string Skip => S("""
            WITH failed AS (
                SELECT name, failed_event_id, failed_seq, failed_event_type, failed_stream_id, last_error
                FROM {schema}.projection_control
                WHERE name = $1 AND status = 'failed' AND failed_event_id IS NOT NULL
                FOR UPDATE
            ), recorded AS (
                INSERT INTO {schema}.projection_skips (name, event_id, seq, event_type, stream_id, error, skipped_by, reason)
                SELECT name, failed_event_id, failed_seq, failed_event_type, failed_stream_id, last_error, $2, $3
                FROM failed
                RETURNING name, event_id, seq, event_type, stream_id, error, skipped_by, reason, skipped_at
            ), resumed AS (
                UPDATE {schema}.projection_control c
                SET status = 'running', last_error = NULL, failed_event_id = NULL, failed_seq = NULL, failed_event_type = NULL,
                    failed_stream_id = NULL, failed_at = NULL, updated_at = now()
                FROM failed f WHERE c.name = f.name
            )
            SELECT * FROM recorded
            """);

        public string Skips => S("""
            SELECT name, event_id, seq, event_type, stream_id, error, skipped_by, reason, skipped_at
            FROM {schema}.projection_skips WHERE name = $1 ORDER BY id
            """);

        public string DropOtherBuilds => S("DELETE FROM {schema}.projection_builds WHERE name = $1 AND generation <> $2");

        public string MakeCurrent => S("""
            UPDATE {schema}.projection_builds SET is_current = true, rebuild_started_at = NULL, swapped_at = now(), updated_at = now()
            WHERE name = $1 AND generation = $2
            """);

        public string Status => S("""
            SELECT b.name, b.generation, b.version, b.mode, b.is_current, b.checkpoint, b.events_processed,
                   CASE WHEN b.updated_at < now() - interval '5 seconds' THEN 0 ELSE b.events_per_second END,
                   b.rebuild_started_at, p.last_seq_id, c.status, c.last_error, c.failed_event_id, c.failed_seq,
                   c.failed_event_type, c.failed_stream_id, c.failed_at, b.last_error
            FROM {schema}.projection_builds b
            LEFT JOIN {es}.mt_event_progression p ON p.name = b.name || ':All'
            LEFT JOIN {schema}.projection_control c ON c.name = b.name
            WHERE $1::text IS NULL OR b.name = $1
            ORDER BY b.name, b.generation
            """);

        // The oldest event waiting. Not one of Marten's tombstones (placeholders over a failed
        // append's sequence numbers): they wait for nothing, and their timestamp is -infinity, which
        // PostgreSQL refuses to subtract.
        public string LagSeconds => S("""
            SELECT extract(epoch FROM now() - timestamp)::float8 FROM {es}.mt_events
            WHERE seq_id > $1 AND type <> 'tombstone' AND isfinite(timestamp) ORDER BY seq_id LIMIT 1
            """);
    }
}
