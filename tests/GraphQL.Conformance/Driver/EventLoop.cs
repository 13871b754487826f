using System.Collections.Concurrent;

namespace Es.GraphQL.Conformance;

/// <summary>
/// Runs the driver's work on one thread, the way Node runs graphql-js: what a resolver does after
/// an await (Task.Yield, Task.Delay) is queued and runs only once the synchronous work in progress
/// is done. On the thread pool an async resolver can instead finish on another thread before the
/// executor even looks at its task, or while a sibling field is still being completed, and the
/// results then differ from graphql-js's at random (see KNOWN-DIFFERENCES.md). The engine never
/// captures this context (it awaits with ConfigureAwait(false)); only the resolvers come back to it.
/// </summary>
internal sealed class EventLoop : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private readonly Lock _lock = new();
    private bool _done;

    public static void Run(Func<Task> work)
    {
        var previous = Current;
        var loop = new EventLoop();
        SetSynchronizationContext(loop);
        try
        {
            var task = work();
            task.ContinueWith(_ => loop.Complete(), TaskScheduler.Default);
            foreach (var (callback, state) in loop._queue.GetConsumingEnumerable()) callback(state);
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_lock)
        {
            if (!_done)
            {
                _queue.Add((d, state));
                return;
            }
        }
        // Work left behind once the answer is written (a resolver whose field was abandoned): it may still finish, elsewhere.
        ThreadPool.QueueUserWorkItem(_ => d(state));
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("The driver's event loop only queues work.");

    public override SynchronizationContext CreateCopy() => this;

    private void Complete()
    {
        lock (_lock)
        {
            _done = true;
            _queue.CompleteAdding();
        }
    }
}
