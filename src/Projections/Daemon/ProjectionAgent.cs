using System.Diagnostics;
using Es.EventStore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Es.Projections.Daemon;

/// <summary>
/// Follows the global log for one shard of one build of a projection: reads a batch after the
/// checkpoint, applies the events it handles and writes the checkpoint in one transaction.
/// Every batch first locks its checkpoint row and checks it still holds the position the agent
/// started from; a mismatch (another node took over, an operator skipped or reset) makes the
/// agent reload instead of applying twice.
/// </summary>
internal sealed class ProjectionAgent(ProjectionCatalog catalog, Projection projection, int generation, int shard, ILogger logger)
{
    private readonly PostgresEventStore _store = catalog.Store;
    private readonly ProjectionOptions _options = catalog.Options;
    private readonly IReadOnlyDictionary<string, string> _tables = catalog.Tables(projection, generation);
    private readonly string _sources = catalog.SourcesTable(projection.Name, generation);
    private readonly AgentSql _sql = new(catalog.Schema);
    private LogPosition _position;
    private bool _caughtUp;
    private bool _isCurrent;
    private double _rate;
    private long _lastCommit = Stopwatch.GetTimestamp();

    public string Name => projection.Name;
    public int Generation => generation;
    public int Shard => shard;

    private enum Outcome { Applied, Moved, Failed, Gone }

    /// <summary>Runs until cancelled or until its build is gone (swapped out, dropped).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var row = await ReadProgressAsync(ct);
                if (row is null) return;
                if (row.Value.Status != "running")
                {
                    await Task.Delay(_options.PollInterval, ct);
                    continue;
                }
                _position = row.Value.Position;
                _caughtUp = row.Value.CaughtUp;
                _isCurrent = row.Value.IsCurrent;
                // The current build of an inline projection is written by the appends, not by an agent.
                if (_isCurrent && projection.Mode == ProjectionMode.Inline) return;
                if (!await FollowAsync(ct)) return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Projection {Name} g{Generation} shard {Shard}: {Error}; retrying", Name, generation, shard, ex.Message);
                await RecordErrorAsync(ex, ct);
                try { await Task.Delay(_options.RetryDelay, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    // Returns false when the build is gone (the agent ends), true to reload the checkpoint and go on.
    private async Task<bool> FollowAsync(CancellationToken ct)
    {
        var batchSize = _options.BatchSize;
        while (true)
        {
            // Take the wake-up before reading, so an append landing during the read is not missed.
            var wake = _store.NextAppend();
            var batch = await _store.ReadLogAsync(_position, batchSize, ct);
            var full = batch.Events.Count == batchSize;
            // The end of what can be read now. Events held back behind an open transaction are
            // not counted against it: under steady writes there is nearly always one, and a
            // build must still count as caught up (the swap checks positions, not this flag alone).
            var atEnd = !full;
            if (batch.Events.Count > 0 || (atEnd && !_caughtUp))
            {
                var handled = batch.Events.Where(e => projection.EventTypes.Contains(e.EventType)).ToList();
                var outcome = await ApplyAsync(handled, batch.Events.Count, batch.Next, atEnd, ct);
                if (outcome != Outcome.Applied) return outcome != Outcome.Gone;
            }
            if (atEnd && !_isCurrent)
            {
                var swap = await catalog.TrySwapAsync(projection, generation, _position,
                    projection.Mode == ProjectionMode.Inline ? DrainForInlineSwapAsync : null, ct);
                if (swap == SwapResult.Gone) return false;
                if (swap == SwapResult.Swapped)
                {
                    logger.LogInformation("Projection {Name}: build g{Generation} is now current", Name, generation);
                    _isCurrent = true;
                    if (projection.Mode == ProjectionMode.Inline) return false;
                }
                else if (swap == SwapResult.Behind) continue;
            }
            if (full) continue;
            try
            {
                await wake.WaitAsync(batch.HeldBack ? _store.Options.HeldBackRetry : _options.PollInterval, ct);
            }
            catch (TimeoutException)
            {
                // Idle: look whether an operator paused, skipped or reset this build meanwhile.
                var row = await ReadProgressAsync(ct);
                if (row is null) return false;
                if (row.Value.Status != "running" || row.Value.Position != _position) return true;
            }
        }
    }

    // One transaction for the batch; when it fails on the projection's side, find the event at
    // fault by applying one event per transaction, so everything before it is kept.
    private async Task<Outcome> ApplyAsync(List<RecordedEvent> handled, int logEvents, LogPosition next, bool atEnd, CancellationToken ct)
    {
        try
        {
            return await CommitAsync(handled, logEvents, next, atEnd, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && !IsTransient(ex) && handled.Count > 0)
        {
            logger.LogInformation("Projection {Name}: batch failed ({Error}); applying its events one by one", Name, ex.Message);
        }
        var passed = 0;
        foreach (var e in handled)
        {
            try
            {
                var outcome = await CommitAsync([e], 1, e.LogPosition, false, ct);
                if (outcome != Outcome.Applied) return outcome;
                passed++;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && !IsTransient(ex))
            {
                logger.LogError(ex, "Projection {Name} g{Generation} shard {Shard} stopped on event {Event}", Name, generation, shard, e);
                await MarkFailedAsync(e, ex, ct);
                return Outcome.Failed;
            }
        }
        return await CommitAsync([], Math.Max(0, logEvents - passed), next, atEnd, ct);
    }

    private async Task<Outcome> CommitAsync(IReadOnlyList<RecordedEvent> handled, int logEvents, LogPosition next, bool atEnd, CancellationToken ct)
    {
        await using var connection = await catalog.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var fence = await LockCheckpointAsync(tx, ct);
        if (fence != Outcome.Applied) return fence;

        var projected = Project(handled);
        if (projected.Count > 0) await projection.ApplyAsync(new ProjectionBatch(tx, projected, _tables, generation, shard), ct);

        var now = Stopwatch.GetTimestamp();
        var seconds = Math.Max(Stopwatch.GetElapsedTime(_lastCommit, now).TotalSeconds, 1e-3);
        var rate = logEvents == 0 ? _rate : 0.7 * (logEvents / seconds) + 0.3 * _rate;
        // The explain index and the checkpoint in one round trip: lag is mostly round trips.
        await using (var finish = new NpgsqlBatch(connection, tx))
        {
            if (projected.Count > 0) finish.BatchCommands.Add(SourcesCommand(_sources, projected));
            finish.BatchCommands.Add(AdvanceCommand(next, logEvents, rate, atEnd));
            await finish.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);

        _position = next;
        _caughtUp |= atEnd;
        _rate = rate;
        _lastCommit = now;
        if (projected.Count > 0) _options.BatchCommitted?.Invoke(Name, shard, projected);
        return Outcome.Applied;
    }

    private async Task<Outcome> LockCheckpointAsync(NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(_sql.LockCheckpoint, tx.Connection, tx);
        AddKey(cmd);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return Outcome.Gone;
        if (r.GetString(0) != "running") return Outcome.Moved;
        return new LogPosition(r.GetFieldValue<ulong>(1), r.GetInt64(2)) == _position ? Outcome.Applied : Outcome.Moved;
    }

    /// <summary>The handled events with the keys they touch in this shard; events touching nothing here are left out.</summary>
    private List<ProjectedEvent> Project(IReadOnlyList<RecordedEvent> handled) => Project(projection, shard, handled);

    internal static List<ProjectedEvent> Project(Projection projection, int shard, IReadOnlyList<RecordedEvent> handled)
    {
        var projected = new List<ProjectedEvent>(handled.Count);
        foreach (var e in handled)
        {
            var keys = new List<string>(1);
            foreach (var key in projection.KeysOf(e))
                if ((projection.Shards == 1 || ShardOf(key, projection.Shards) == shard) && !keys.Contains(key)) keys.Add(key);
            if (keys.Count > 0) projected.Add(new ProjectedEvent(e, keys));
        }
        return projected;
    }

    /// <summary>Which shard owns a key: a stable hash (FNV-1a over UTF-16 code units), so every node agrees.</summary>
    internal static int ShardOf(string key, int shards)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)shards);
    }

    /// <summary>Records which events touched which key in this batch: one row per key, the events' positions in an array.</summary>
    /// <remarks>
    /// Grouped here, not by the server: sending one (key, position) pair per event and letting
    /// PostgreSQL unnest, sort and GROUP BY them took about as long as reading the batch (15–19 ms
    /// per 5,000 events against 20 ms). Now the positions go as one array, key after key, and each
    /// row takes its slice.
    /// </remarks>
    internal static NpgsqlBatchCommand SourcesCommand(string sourcesTable, IReadOnlyList<ProjectedEvent> projected)
    {
        var byKey = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var pairs = 0;
        foreach (var pe in projected)
            foreach (var key in pe.Keys)
            {
                if (!byKey.TryGetValue(key, out var positionsOfKey)) byKey.Add(key, positionsOfKey = new List<long>(1));
                positionsOfKey.Add(pe.Event.Position);
                pairs++;
            }
        var keys = new string[byKey.Count];
        var firsts = new int[byKey.Count];
        var lasts = new int[byKey.Count];
        var positions = new long[pairs];
        var k = 0;
        var filled = 0;
        foreach (var (key, positionsOfKey) in byKey)
        {
            keys[k] = key;
            firsts[k] = filled + 1; // PostgreSQL arrays count from 1
            positionsOfKey.CopyTo(positions, filled);
            filled += positionsOfKey.Count;
            lasts[k++] = filled;
        }
        var cmd = new NpgsqlBatchCommand(AgentSql.InsertSources.Replace("{sources}", sourcesTable));
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = positions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = firsts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = lasts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        return cmd;
    }

    private NpgsqlBatchCommand AdvanceCommand(LogPosition next, long logEvents, double rate, bool atEnd)
    {
        var cmd = new NpgsqlBatchCommand(_sql.Advance);
        cmd.Parameters.Add(ProjectionCatalog.Text(projection.Name));
        cmd.Parameters.Add(ProjectionCatalog.Int(generation));
        cmd.Parameters.Add(ProjectionCatalog.Int(shard));
        cmd.Parameters.Add(new NpgsqlParameter<ulong> { TypedValue = next.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = next.Sequence });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = logEvents });
        cmd.Parameters.Add(new NpgsqlParameter<double> { TypedValue = rate });
        cmd.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = atEnd });
        cmd.Parameters.Add(ProjectionCatalog.Text(_options.NodeName));
        return cmd;
    }

    // Called by the swap of an inline projection, inside its transaction, once no inline append
    // can run: reads what is left of the log (before this transaction writes anything, so it does
    // not hold the horizon back itself) and applies it, so the new build misses nothing.
    private async Task<bool> DrainForInlineSwapAsync(NpgsqlTransaction tx, CancellationToken ct)
    {
        var pending = new List<RecordedEvent>();
        var position = _position;
        var logEvents = 0;
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 3;
        while (true)
        {
            var batch = await _store.ReadLogAsync(position, _options.BatchSize, ct);
            pending.AddRange(batch.Events.Where(e => projection.EventTypes.Contains(e.EventType)));
            logEvents += batch.Events.Count;
            position = batch.Next;
            if (batch.Events.Count == _options.BatchSize) continue;
            if (!batch.HeldBack) break;
            if (Stopwatch.GetTimestamp() > deadline) return false;
            await Task.Delay(_store.Options.HeldBackRetry, ct);
        }
        if (await LockCheckpointAsync(tx, ct) != Outcome.Applied) return false;
        var projected = Project(pending);
        if (projected.Count > 0) await projection.ApplyAsync(new ProjectionBatch(tx, projected, _tables, generation, shard), ct);
        await using (var finish = new NpgsqlBatch(tx.Connection, tx))
        {
            if (projected.Count > 0) finish.BatchCommands.Add(SourcesCommand(_sources, projected));
            finish.BatchCommands.Add(AdvanceCommand(position, logEvents, _rate, atEnd: true));
            await finish.ExecuteNonQueryAsync(ct);
        }
        _position = position;
        return true;
    }

    private async Task<(string Status, LogPosition Position, bool CaughtUp, bool IsCurrent)?> ReadProgressAsync(CancellationToken ct)
    {
        await using var cmd = catalog.DataSource.CreateCommand(_sql.ReadProgress);
        AddKey(cmd);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return (r.GetString(0), new LogPosition(r.GetFieldValue<ulong>(1), r.GetInt64(2)), r.GetBoolean(3), r.GetBoolean(4));
    }

    private async Task MarkFailedAsync(RecordedEvent e, Exception error, CancellationToken ct)
    {
        await using var cmd = catalog.DataSource.CreateCommand(_sql.MarkFailed);
        AddKey(cmd);
        cmd.Parameters.Add(ProjectionCatalog.Text($"{error.GetType().Name}: {error.Message}"));
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = e.EventId });
        cmd.Parameters.Add(new NpgsqlParameter<ulong> { TypedValue = e.LogPosition.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.LogPosition.Sequence });
        cmd.Parameters.Add(ProjectionCatalog.Text(e.EventType));
        cmd.Parameters.Add(ProjectionCatalog.Text(e.StreamId));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task RecordErrorAsync(Exception error, CancellationToken ct)
    {
        try
        {
            await using var cmd = catalog.DataSource.CreateCommand(_sql.RecordError);
            AddKey(cmd);
            cmd.Parameters.Add(ProjectionCatalog.Text($"{error.GetType().Name}: {error.Message}"));
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // The database is what failed; the log line above is the record.
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void AddKey(NpgsqlCommand cmd)
    {
        cmd.Parameters.Add(ProjectionCatalog.Text(projection.Name));
        cmd.Parameters.Add(ProjectionCatalog.Int(generation));
        cmd.Parameters.Add(ProjectionCatalog.Int(shard));
    }

    /// <summary>A failure worth retrying as it is (connection, deadlock, serialization), as opposed to one the event causes.</summary>
    internal static bool IsTransient(Exception ex) => ex switch
    {
        NpgsqlException { IsTransient: true } => true,
        PostgresException pg => pg.SqlState is "40001" or "40P01" || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal),
        NpgsqlException { InnerException: IOException or TimeoutException or System.Net.Sockets.SocketException } => true,
        TimeoutException or IOException => true,
        OperationCanceledException => true,
        _ => ex.InnerException is not null && IsTransient(ex.InnerException),
    };

    private sealed class AgentSql(string schema)
    {
        // Distinct keys in, one row per key out: $2 holds the positions key after key (in log order
        // within each key), and key i owns the slice $3[i]..$4[i] of it.
        public const string InsertSources = """
            INSERT INTO {sources} (key, seqs)
            SELECT u.key, ($2::bigint[])[u.first:u.last] FROM unnest($1::text[], $3::int[], $4::int[]) AS u (key, first, last)
            """;

        private const string Key = "name = $1 AND generation = $2 AND shard = $3";

        public readonly string ReadProgress = $"""
            SELECT p.status, p.tx_id, p.seq, p.caught_up, g.is_current
            FROM {schema}.projection_progress p JOIN {schema}.projection_generations g USING (name, generation)
            WHERE p.name = $1 AND p.generation = $2 AND p.shard = $3
            """;

        public readonly string LockCheckpoint = $"SELECT status, tx_id, seq FROM {schema}.projection_progress WHERE {Key} FOR UPDATE";

        public readonly string Advance = $"""
            UPDATE {schema}.projection_progress
            SET tx_id = $4, seq = $5, events_processed = events_processed + $6, events_per_second = $7,
                caught_up = caught_up OR $8, owner = $9, last_error = NULL, updated_at = now()
            WHERE {Key}
            """;

        public readonly string MarkFailed = $"""
            UPDATE {schema}.projection_progress
            SET status = 'failed', last_error = $4, failed_event_id = $5, failed_tx_id = $6, failed_seq = $7,
                failed_event_type = $8, failed_stream_id = $9, failed_at = now(), updated_at = now()
            WHERE {Key} AND status = 'running'
            """;

        public readonly string RecordError = $"UPDATE {schema}.projection_progress SET last_error = $4, updated_at = now() WHERE {Key}";
    }
}
