using System.Diagnostics;
using Es.EventStore;
using Es.Projections.Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Es.Projections.Rebuilds;

/// <summary>
/// Builds the builds that are not current yet (a zero-downtime rebuild, a new version, a first
/// build over an existing log) from the start of the log into their own tables, while the current
/// build keeps serving; then swaps each in. One node works on a build at a time (a session
/// advisory lock); the build's checkpoint is in its row, so a rebuild survives a restart and moves
/// to another node when its node dies.
/// </summary>
/// <remarks>
/// A page is read up to Marten's high-water mark (gap-safe) and, for an async projection, no
/// further than the daemon's own committed checkpoint. The swap takes the projection's swap lock
/// exclusively, so no live page is between its writes and its commit; it applies what the daemon
/// (or, inline, every append) committed since, points the views at the new build and drops the old
/// one, in one transaction. The live pages after it write through the views into the new build.
/// </remarks>
public sealed class RebuildRunner : BackgroundService
{
    private readonly ProjectionCatalog _catalog;
    private readonly ILogger _logger;
    private readonly LogPageReader _reader;

    public RebuildRunner(ProjectionCatalog catalog, ILogger<RebuildRunner>? logger = null)
    {
        _catalog = catalog;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _reader = new LogPageReader(catalog.Store.Store, catalog.Types, catalog.EventSchema);
    }

    private ProjectionOptions Options => _catalog.Options;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(ct);
                await Task.Delay(Options.PollInterval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Rebuild runner: {Error}; trying again", ex.Message);
                try { await Task.Delay(Options.RetryDelay, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Works on every build of this program's version that is not current yet, until each is swapped in or taken by another node.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        foreach (var p in _catalog.Registry.All)
        {
            var building = (await _catalog.ReadBuildsAsync(null, p.Name, ct)).FirstOrDefault(b => !b.IsCurrent && b.Version == p.Version);
            if (building is null) continue;
            // A paused projection is paused whole: its rebuild waits at its checkpoint too.
            if (await _catalog.ControlStatusAsync(p.Name, ct) == "paused") continue;
            await using var lockConnection = await _catalog.DataSource.OpenConnectionAsync(ct);
            var key = ProjectionCatalog.LockKey($"es-rebuild:{_catalog.Schema}:{p.Name}");
            await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", lockConnection))
            {
                take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
                if (await take.ExecuteScalarAsync(ct) is not true) continue;
            }
            try
            {
                await BuildAsync(p, building.Generation, ct);
            }
            finally
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", lockConnection);
                release.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
                await release.ExecuteScalarAsync(CancellationToken.None);
            }
        }
    }

    private async Task BuildAsync(Projection p, int generation, CancellationToken ct)
    {
        // Read the build again under the lock: another node may have moved it on or swapped it in.
        var build = (await _catalog.ReadBuildsAsync(null, p.Name, ct)).FirstOrDefault(b => b.Generation == generation);
        if (build is null || build.IsCurrent) return;
        var storedNames = _catalog.StoredNames(p);
        var checkpoint = build.Checkpoint;
        _logger.LogInformation("Projection {Name}: building g{Generation} from {Checkpoint}", p.Name, generation, checkpoint);
        // The next page is read on its own connection while this one is applied and committed: the
        // log below the bound does not change, so a page read ahead is the page that would be read.
        Task<List<RecordedEvent>>? ahead = null;
        long aheadFrom = -1, bound = 0;
        // A new build's tables have no statistics until autovacuum gets to them, which it may not do
        // while a rebuild fills them: the planner then takes them for tiny and picks plans that scan
        // (a LIMIT over an ordered index becomes a bitmap scan of every row, page after page).
        // ANALYZE them after the first page, whenever what this run applied has doubled, and once swapped in.
        long applied = 0, analyzeAt = 1;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (await _catalog.ControlStatusAsync(p.Name, ct) == "paused")
                {
                    _logger.LogInformation("Projection {Name}: paused; building g{Generation} waits at {Checkpoint}", p.Name, generation, checkpoint);
                    return;
                }
                var started = Stopwatch.GetTimestamp();
                List<RecordedEvent> page;
                if (ahead is not null && aheadFrom == checkpoint)
                    page = await ahead;
                else
                {
                    if (ahead is not null) await Drain(ahead);
                    bound = await BoundAsync(p, ct);
                    page = bound > checkpoint ? await ReadPageAsync(storedNames, checkpoint, bound, ct) : [];
                }
                ahead = null;
                var read = page.Count;
                var full = read == Options.BatchSize;
                var next = full ? page[^1].Sequence : Math.Max(checkpoint, bound);
                if (full)
                {
                    aheadFrom = next;
                    ahead = ReadPageAsync(storedNames, next, bound, ct);
                }
                if (next != checkpoint)
                {
                    await using var connection = await _catalog.DataSource.OpenConnectionAsync(ct);
                    await using var tx = await connection.BeginTransactionAsync(ct);
                    await ApplyAsync(tx, p, generation, page, ct);
                    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    await AdvanceAsync(tx, p.Name, generation, next, read, seconds > 0 ? read / seconds : 0, null, ct);
                    await tx.CommitAsync(ct);
                    checkpoint = next;
                    applied += read;
                    if (applied >= analyzeAt)
                    {
                        await AnalyzeAsync(p, generation, ct);
                        analyzeAt = Math.Max(2 * applied, Options.BatchSize);
                    }
                }
                if (full) continue;
                if (await TrySwapAsync(p, generation, checkpoint, ct))
                {
                    // Served from now on: with statistics of the whole build, not of its last doubling.
                    await AnalyzeAsync(p, generation, ct);
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
            }
        }
        finally
        {
            if (ahead is not null) await Drain(ahead);
        }
    }

    private async Task AnalyzeAsync(Projection p, int generation, CancellationToken ct)
    {
        var tables = p.Tables.Select(t => _catalog.TableName(t.Name, generation)).Append(_catalog.SourcesTable(p.Name, generation));
        await using var cmd = _catalog.DataSource.CreateCommand($"ANALYZE {string.Join(", ", tables)}");
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<List<RecordedEvent>> ReadPageAsync(string[] storedNames, long after, long bound, CancellationToken ct)
    {
        await using var connection = await _catalog.DataSource.OpenConnectionAsync(ct);
        return await _reader.ReadAsync(connection, null, storedNames, after, bound, Options.BatchSize, ct);
    }

    // A page read ahead that will not be used: wait for it so its connection goes back, ignore its outcome.
    private static async Task Drain(Task<List<RecordedEvent>> ahead)
    {
        try { await ahead; }
        catch (Exception) { /* its failure, if it matters, shows up when the page is read again */ }
    }

    // How far a page may read: Marten's high-water mark, and for an async projection no further
    // than the daemon has committed (the swap then hands over exactly at the daemon's checkpoint).
    private async Task<long> BoundAsync(Projection p, CancellationToken ct)
    {
        var highWater = await _catalog.HighWaterMarkAsync(ct) ?? 0;
        return p.Mode == ProjectionMode.Async ? Math.Min(highWater, await _catalog.DaemonPositionAsync(null, p.Name, ct)) : highWater;
    }

    private async Task<bool> TrySwapAsync(Projection p, int generation, long checkpoint, CancellationToken ct)
    {
        await using var connection = await _catalog.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ProjectionCatalog.ExecuteAsync(tx, "SELECT pg_advisory_xact_lock($1)", ct,
            new NpgsqlParameter<long> { TypedValue = _catalog.SwapLockKey(p.Name) });
        // No live page is in flight now. What the daemon committed (async), or every append
        // committed (inline: each takes the lock shared), is the rest this build needs.
        var upTo = p.Mode == ProjectionMode.Async ? await _catalog.DaemonPositionAsync(tx, p.Name, ct) : long.MaxValue;
        if (upTo < checkpoint)
        {
            _logger.LogWarning("Projection {Name}: the daemon's checkpoint {UpTo} is behind the build's {Checkpoint}; waiting", p.Name, upTo, checkpoint);
            return false;
        }
        var storedNames = _catalog.StoredNames(p);
        var position = checkpoint;
        while (true)
        {
            var page = await _reader.ReadAsync(connection, tx, storedNames, position, upTo, Options.BatchSize, ct);
            if (page.Count == 0) break;
            await ApplyAsync(tx, p, generation, page, ct);
            position = page[^1].Sequence;
            if (page.Count < Options.BatchSize) break;
        }
        if (p.Mode == ProjectionMode.Async) position = Math.Max(position, upTo);
        await AdvanceAsync(tx, p.Name, generation, position, 0, 0, null, ct);
        await _catalog.SwapAsync(tx, p, generation, ct);
        await tx.CommitAsync(ct);
        _logger.LogInformation("Projection {Name}: build g{Generation} is now current (at {Position})", p.Name, generation, position);
        return true;
    }

    private async Task ApplyAsync(NpgsqlTransaction tx, Projection p, int generation, List<RecordedEvent> page, CancellationToken ct)
    {
        if (page.Count == 0) return;
        var skipped = await _catalog.SkippedIdsAsync(p.Name, ct);
        if (skipped.Count > 0) page.RemoveAll(e => skipped.Contains(e.EventId));
        var projected = EsMartenProjection.Keyed(p, page);
        if (projected.Count == 0) return;
        var tables = p.Tables.ToDictionary(t => t.Name, t => _catalog.TableName(t.Name, generation), StringComparer.Ordinal);
        string Table(string logical) => tables.TryGetValue(logical, out var physical)
            ? physical
            : throw new ArgumentException($"The projection declares no table '{logical}'.", nameof(logical));
        var staged = new StagedStatements();
        try
        {
            await p.ApplyAsync(new ProjectionBatch(projected, Table, staged), ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var culprit = await EsMartenProjection.FindCulpritAsync(p, projected, Table, ct) ?? projected[0].Event;
            await RecordBuildErrorAsync(p.Name, generation, $"{culprit}: {ex.Message}", ct);
            throw new ProjectionFailedException(p.Name, culprit, ex);
        }
        staged.Add(ExplainIndex.Insert(_catalog.SourcesTable(p.Name, generation)), ExplainIndex.Parameters(projected));
        await using var batch = new NpgsqlBatch(tx.Connection, tx);
        foreach (var (sql, parameters) in staged.Statements) batch.BatchCommands.Add(Positional(sql, parameters));
        await batch.ExecuteNonQueryAsync(ct);
    }

    private async Task AdvanceAsync(NpgsqlTransaction tx, string name, int generation, long checkpoint, long events, double rate,
        string? error, CancellationToken ct) =>
        await ProjectionCatalog.ExecuteAsync(tx, Advance.Replace("{schema}", _catalog.Schema), ct, ProjectionCatalog.Text(name),
            ProjectionCatalog.Int(generation), new NpgsqlParameter<long> { TypedValue = checkpoint }, new NpgsqlParameter<long> { TypedValue = events },
            new NpgsqlParameter<double> { TypedValue = rate }, ProjectionCatalog.Text(Options.NodeName), ProjectionCatalog.Text(error));

    private async Task RecordBuildErrorAsync(string name, int generation, string error, CancellationToken ct)
    {
        await using var cmd = _catalog.DataSource.CreateCommand(
            $"UPDATE {_catalog.Schema}.projection_builds SET last_error = $3, updated_at = now() WHERE name = $1 AND generation = $2");
        cmd.Parameters.Add(ProjectionCatalog.Text(name));
        cmd.Parameters.Add(ProjectionCatalog.Int(generation));
        cmd.Parameters.Add(ProjectionCatalog.Text(error));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private const string Advance = """
        UPDATE {schema}.projection_builds
        SET checkpoint = $3, events_processed = events_processed + $4, events_per_second = $5, runner = $6, last_error = $7, updated_at = now()
        WHERE name = $1 AND generation = $2
        """;

    /// <summary>A statement written with Marten's <c>?</c> placeholders, as Npgsql's positional <c>$n</c> ones.</summary>
    internal static NpgsqlBatchCommand Positional(string sql, object?[] parameters)
    {
        var text = new System.Text.StringBuilder(sql.Length + 8);
        var n = 0;
        var quoted = false;
        foreach (var c in sql)
        {
            if (c == '\'') quoted = !quoted;
            if (c == '?' && !quoted) text.Append('$').Append(++n);
            else text.Append(c);
        }
        if (n != parameters.Length)
            throw new ArgumentException($"The statement has {n} placeholders and {parameters.Length} parameters: {sql}");
        var cmd = new NpgsqlBatchCommand(text.ToString());
        foreach (var value in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return cmd;
    }
}
