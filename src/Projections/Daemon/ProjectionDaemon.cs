using Es.Projections.Schema;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Es.Projections.Daemon;

/// <summary>
/// The async daemon of one node. Each shard of each projection version is owned by exactly one
/// node at a time: the one holding its PostgreSQL advisory lock, taken with
/// <c>pg_try_advisory_lock</c> on one dedicated connection. PostgreSQL releases the locks when
/// that connection ends, so when a node dies another takes its shards over at its next try
/// (every <see cref="ProjectionOptions.OwnershipInterval"/>), from their checkpoints.
/// The owner runs an agent per build of the shard: the current one and any being rebuilt.
/// </summary>
public sealed class ProjectionDaemon(ProjectionCatalog catalog, ILogger<ProjectionDaemon>? logger = null) : BackgroundService
{
    private const string TryLock = "SELECT k, pg_try_advisory_lock(k) FROM unnest($1::bigint[]) AS k";
    private const string Heartbeat = "SELECT 1";

    // A crashed process closes its socket and PostgreSQL frees its locks at once; a host or network
    // that vanishes sends nothing, and without keepalives the server would hold the dead node's
    // locks for hours (the kernel default). With these it lets go after about 8 s.
    private const string KeepAlive = "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3";

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly Dictionary<Unit, OwnedUnit> _owned = [];
    private readonly object _gate = new();

    /// <summary>The shards this node owns now, as "name/shard".</summary>
    public IReadOnlyList<string> Owned
    {
        get
        {
            lock (_gate) return _owned.Keys.Select(u => $"{u.Projection.Name}/{u.Shard}").Order().ToList();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        var units = catalog.Registry.All
            .SelectMany(p => Enumerable.Range(0, p.Shards).Select(shard => new Unit(p, shard, LockKey(catalog.Schema, p, shard))))
            .ToList();
        NpgsqlConnection? lockConnection = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    lockConnection ??= await OpenLockConnectionAsync(ct);
                    await TakeFreeUnitsAsync(lockConnection, units, ct);
                    await RefreshAgentsAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // The lock connection is gone, and with it every lock: stop at once, so the
                    // node that takes over is alone (batches in flight are fenced by their checkpoint).
                    _logger.LogWarning(ex, "Projection daemon {Node} lost its lock connection; releasing its shards", catalog.Options.NodeName);
                    await ReleaseAllAsync();
                    if (lockConnection is not null) await lockConnection.DisposeAsync();
                    lockConnection = null;
                    // A node that just lost its connection is the likeliest to lose it again: give
                    // healthy nodes a few rounds to take its shards before it competes again.
                    try { await Task.Delay(catalog.Options.OwnershipInterval * 3, ct); } catch (OperationCanceledException) { break; }
                }
                try { await Task.Delay(catalog.Options.OwnershipInterval, ct); } catch (OperationCanceledException) { break; }
            }
        }
        finally
        {
            await ReleaseAllAsync();
            // Closing the connection releases the advisory locks.
            if (lockConnection is not null) await lockConnection.DisposeAsync();
        }
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await catalog.PrepareAsync(ct);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ProjectionAgent.IsTransient(ex))
            {
                _logger.LogWarning(ex, "Projection daemon cannot prepare its tables yet; retrying");
                await Task.Delay(catalog.Options.RetryDelay, ct);
            }
        }
    }

    private async Task<NpgsqlConnection> OpenLockConnectionAsync(CancellationToken ct)
    {
        var connection = await catalog.DataSource.OpenConnectionAsync(ct);
        try
        {
            await using var keepAlive = new NpgsqlCommand(KeepAlive, connection);
            await keepAlive.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // A node cut off from the database must stop its agents before the server frees its locks
    // (see KeepAlive), so its heartbeat gives up well before that.
    private int HeartbeatTimeoutSeconds => Math.Max(2, (int)Math.Ceiling(catalog.Options.OwnershipInterval.TotalSeconds * 3));

    private async Task TakeFreeUnitsAsync(NpgsqlConnection connection, List<Unit> units, CancellationToken ct)
    {
        List<Unit> free;
        lock (_gate) free = units.Where(u => !_owned.ContainsKey(u)).ToList();
        if (free.Count == 0)
        {
            await using var ping = new NpgsqlCommand(Heartbeat, connection) { CommandTimeout = HeartbeatTimeoutSeconds };
            await ping.ExecuteNonQueryAsync(ct);
            return;
        }
        await using var cmd = new NpgsqlCommand(TryLock, connection) { CommandTimeout = HeartbeatTimeoutSeconds };
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = free.Select(u => u.LockKey).ToArray() });
        var taken = new HashSet<long>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                if (r.GetBoolean(1)) taken.Add(r.GetInt64(0));
        foreach (var unit in free.Where(u => taken.Contains(u.LockKey)))
        {
            _logger.LogInformation("Projection daemon {Node} now owns {Name} shard {Shard}", catalog.Options.NodeName, unit.Projection.Name, unit.Shard);
            lock (_gate) _owned[unit] = new OwnedUnit();
        }
    }

    // Starts an agent for each build of an owned shard that has none; forgets agents that ended.
    private async Task RefreshAgentsAsync(CancellationToken ct)
    {
        List<(Unit Unit, OwnedUnit Owned)> owned;
        lock (_gate) owned = _owned.Select(kv => (kv.Key, kv.Value)).ToList();
        foreach (var (unit, state) in owned)
        {
            var generations = await catalog.ReadGenerationsAsync(null, unit.Projection.Name, ct);
            foreach (var g in generations)
            {
                if (g.Version != unit.Projection.Version || unit.Shard >= g.Shards) continue;
                if (g.IsCurrent && unit.Projection.Mode == ProjectionMode.Inline) continue;
                if (state.Agents.TryGetValue(g.Generation, out var running) && !running.IsCompleted) continue;
                var agent = new ProjectionAgent(catalog, unit.Projection, g.Generation, unit.Shard, _logger);
                state.Agents[g.Generation] = Task.Run(() => agent.RunAsync(state.Stopping.Token), CancellationToken.None);
            }
        }
    }

    private async Task ReleaseAllAsync()
    {
        List<OwnedUnit> owned;
        lock (_gate)
        {
            owned = _owned.Values.ToList();
            _owned.Clear();
        }
        foreach (var unit in owned) await unit.Stopping.CancelAsync();
        foreach (var unit in owned)
        {
            try { await Task.WhenAll(unit.Agents.Values); }
            catch (Exception ex) { _logger.LogWarning(ex, "A projection agent ended with an error while stopping"); }
            unit.Stopping.Dispose();
        }
    }

    /// <summary>The advisory lock key of one shard of one projection version: a stable 64-bit hash (FNV-1a).</summary>
    internal static long LockKey(string schema, Projection p, int shard)
    {
        var hash = 14695981039346656037ul;
        foreach (var c in $"es-projection-owner:{schema}:{p.Name}:{p.Version}:{shard}")
            hash = (hash ^ c) * 1099511628211ul;
        return unchecked((long)hash);
    }

    private sealed record Unit(Projection Projection, int Shard, long LockKey);

    private sealed class OwnedUnit
    {
        public CancellationTokenSource Stopping { get; } = new();
        public Dictionary<int, Task> Agents { get; } = [];
    }
}
