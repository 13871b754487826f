using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Es.EventStore;

/// <summary>
/// Tells the projection daemon that events were appended, so it looks for them at once instead of
/// at its next poll.
/// </summary>
/// <remarks>
/// Marten's own way (<c>UseListenNotifyForEventAppends</c>) sends a NOTIFY inside every append's
/// transaction. PostgreSQL serialises the commits of notifying transactions behind one lock that is
/// held through the commit's WAL flush, so concurrent appends can no longer share a flush: measured
/// on this machine, single appends ran 8–10 points of the raw INSERT rate slower with it
/// (docs/benchmarks.md). Es instead
/// <list type="bullet">
/// <item>wakes the daemon of its own process in memory the moment an append has committed, and</item>
/// <item>wakes the other processes of the deployment (the daemon may run on another node) with a
/// NOTIFY sent after the append, outside its transaction, at most once per
/// <see cref="EventStoreOptions.NotifyInterval"/>, in a transaction that does not wait for its own
/// flush (nothing is lost if it is lost: the daemon still polls).</item>
/// </list>
/// One waiter at a time (the daemon's high-water agent); any number of appenders. Thread-safe.
/// </remarks>
public sealed class AppendSignal : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    // This process's NOTIFYs come back on its own LISTEN; the payload names the sender so they are ignored.
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource _lifetime = new();

    private TaskCompletionSource _next = NewSource();
    private long _signals;
    private long _seen;

    private int _broadcasting;
    private int _broadcastWanted;
    private long _lastBroadcast;

    private readonly SemaphoreSlim _listenLock = new(1, 1);
    private NpgsqlConnection? _listener;
    // While the database cannot be reached, LISTEN is tried again at most once a second (the daemon waits every few ms).
    private long _nextListenAttempt;

    public AppendSignal(NpgsqlDataSource dataSource, EventStoreOptions options, ILogger<AppendSignal>? logger = null)
    {
        _dataSource = dataSource;
        _channel = ChannelFor(options.Schema);
        _interval = options.NotifyInterval;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The NOTIFY channel of an event store schema (PostgreSQL names stop at 63 bytes).</summary>
    public static string ChannelFor(string schema) => ("es_appended_" + schema) is var c && c.Length > 63 ? c[..63] : c;

    /// <summary>How many times the signal was raised, here or by another process: for tests and diagnostics.</summary>
    public long Signals => Interlocked.Read(ref _signals);

    /// <summary>How many NOTIFYs this process sent to the others.</summary>
    public long Broadcasts { get; private set; }

    /// <summary>Called after an append has committed: wakes the waiter here, and the other processes soon.</summary>
    public void Appended()
    {
        Raise();
        Broadcast();
    }

    /// <summary>
    /// Returns when events were appended since the last return (by this process or, once listening,
    /// another), or after <paramref name="timeout"/>. The first call starts listening for other
    /// processes; if the database cannot be reached it waits on this process's appends alone and
    /// tries again next time.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        await EnsureListeningAsync(ct);
        // The source before the count: a signal between the two completes this source, so it is not missed.
        var next = Volatile.Read(ref _next);
        var now = Interlocked.Read(ref _signals);
        if (now == _seen)
        {
            try
            {
                await next.Task.WaitAsync(timeout, ct);
            }
            catch (TimeoutException)
            {
            }
        }
        // Whatever was signalled up to here committed before the caller looks again, so the caller sees it.
        _seen = Interlocked.Read(ref _signals);
    }

    private void Raise()
    {
        Interlocked.Increment(ref _signals);
        Interlocked.Exchange(ref _next, NewSource()).TrySetResult();
    }

    private void Broadcast()
    {
        Volatile.Write(ref _broadcastWanted, 1);
        if (Interlocked.CompareExchange(ref _broadcasting, 1, 0) == 0) _ = Task.Run(BroadcastLoopAsync);
    }

    // One NOTIFY for every burst of appends, no closer together than the interval.
    private async Task BroadcastLoopAsync()
    {
        try
        {
            while (!_lifetime.IsCancellationRequested && Interlocked.Exchange(ref _broadcastWanted, 0) == 1)
            {
                var since = TimeSpan.FromTicks(DateTime.UtcNow.Ticks - Interlocked.Read(ref _lastBroadcast));
                if (since < _interval) await Task.Delay(_interval - since, _lifetime.Token);
                Interlocked.Exchange(ref _lastBroadcast, DateTime.UtcNow.Ticks);
                await NotifyAsync(_lifetime.Token);
                Broadcasts++;
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Other nodes then find the events at their next poll.
            _logger.LogDebug(ex, "Could not notify other processes of an append on {Channel}", _channel);
        }
        finally
        {
            Volatile.Write(ref _broadcasting, 0);
            if (Volatile.Read(ref _broadcastWanted) == 1 && !_lifetime.IsCancellationRequested
                && Interlocked.CompareExchange(ref _broadcasting, 1, 0) == 0)
                _ = Task.Run(BroadcastLoopAsync);
        }
    }

    private async Task NotifyAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        // One round trip; the commit does not wait for the WAL flush, so it neither slows this
        // process nor holds the notify lock that appends would otherwise queue behind.
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO off"),
                new NpgsqlBatchCommand("SELECT pg_notify($1, $2)") { Parameters = { new() { Value = _channel }, new() { Value = _origin } } },
                new NpgsqlBatchCommand("COMMIT"),
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
    }

    private async Task EnsureListeningAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _listener) is not null || _lifetime.IsCancellationRequested
            || Environment.TickCount64 < Interlocked.Read(ref _nextListenAttempt)) return;
        await _listenLock.WaitAsync(ct);
        try
        {
            if (_listener is not null) return;
            Interlocked.Exchange(ref _nextListenAttempt, Environment.TickCount64 + 1_000);
            var connection = await _dataSource.OpenConnectionAsync(ct);
            try
            {
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN \"{_channel}\"", connection)) await listen.ExecuteNonQueryAsync(ct);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
            Volatile.Write(ref _listener, connection);
            _ = Task.Run(() => ReceiveAsync(connection));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Not listening on {Channel} yet: appends of other processes are found by polling until the database answers", _channel);
        }
        finally
        {
            _listenLock.Release();
        }
    }

    private async Task ReceiveAsync(NpgsqlConnection connection)
    {
        try
        {
            while (!_lifetime.IsCancellationRequested) await connection.WaitAsync(_lifetime.Token);
        }
        catch (Exception ex) when (!_lifetime.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Lost the LISTEN connection on {Channel}; listening again at the next wait", _channel);
        }
        catch (Exception)
        {
            // Shutting down.
        }
        finally
        {
            connection.Notification -= OnNotification;
            Interlocked.CompareExchange(ref _listener, null, connection);
            await connection.DisposeAsync();
            // Appends may have been missed while the connection was failing: look once more.
            Raise();
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Payload != _origin) Raise();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (_lifetime.IsCancellationRequested) return;
        _lifetime.Cancel();
        Raise();
    }
}
