using Npgsql;

namespace Es.EventStore;

/// <summary>
/// Wakes log subscribers when events are appended: at once for appends made in this process,
/// and through LISTEN/NOTIFY for appends made by others. The NOTIFY is sent after the append
/// commits, from its own connection, at most one in flight: PostgreSQL serializes the commits of
/// notifying transactions, so notifying inside every append would serialize all appends.
/// </summary>
internal sealed class LogNotifier(NpgsqlDataSource dataSource, string channel, bool notifyOthers) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private TaskCompletionSource _wake = NewWake();
    private Task? _listening;
    private int _pending;
    private int _sending;
    private int _disposed;

    /// <summary>Completes at the next append seen (here or, while listening, anywhere).</summary>
    public Task NextWake => Volatile.Read(ref _wake).Task;

    public void Appended()
    {
        Pulse();
        if (!notifyOthers) return;
        Volatile.Write(ref _pending, 1);
        if (Interlocked.CompareExchange(ref _sending, 1, 0) == 0) _ = Task.Run(SendAsync);
    }

    /// <summary>Starts listening for other processes' appends (once per process).</summary>
    public void EnsureListening()
    {
        lock (_gate) _listening ??= Task.Run(() => ListenLoopAsync(_stopping.Token));
    }

    private void Pulse() => Interlocked.Exchange(ref _wake, NewWake()).TrySetResult();

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task SendAsync()
    {
        while (true)
        {
            while (Interlocked.Exchange(ref _pending, 0) == 1)
            {
                try
                {
                    await using var cmd = dataSource.CreateCommand($"SELECT pg_notify('{channel}', '')");
                    await cmd.ExecuteNonQueryAsync(_stopping.Token);
                }
                catch (Exception) when (!_stopping.IsCancellationRequested)
                {
                    // Subscribers elsewhere fall back to polling; nothing is lost.
                    await Task.Delay(100);
                }
                catch (Exception)
                {
                    return;
                }
            }
            Volatile.Write(ref _sending, 0);
            if (Volatile.Read(ref _pending) == 0 || Interlocked.CompareExchange(ref _sending, 1, 0) != 0) return;
        }
    }

    private async Task ListenLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => Pulse();
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                Pulse(); // appends made while not listening would otherwise wait for the poll
                while (true) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Connection lost: polling covers the gap; listen again shortly.
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The DI container disposes the store once per service type it is registered under.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        Task? listening;
        lock (_gate) listening = _listening;
        if (listening is not null) await listening.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
