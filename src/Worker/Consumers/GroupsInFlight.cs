namespace Cartoon.Worker.Consumers;

/// <summary>
/// Counts the groups inside <see cref="CartoonizeBatchConsumer"/> (and the video messages that use the engine: frame chunks,
/// extractions), so a stopping host can wait for them.
/// </summary>
public sealed class GroupsInFlight
{
    private readonly Lock _lock = new();
    private int _count;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    public int Count
    {
        get
        {
            lock (_lock)
                return _count;
        }
    }

    public IDisposable Enter()
    {
        lock (_lock)
        {
            if (_count++ == 0)
                _idle = NewIdle(completed: false);
        }
        return new Exit(this);
    }

    /// <summary>Completes once no group is in flight.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
            return _idle.Task.WaitAsync(cancellationToken);
    }

    private void Leave()
    {
        lock (_lock)
        {
            if (--_count == 0)
                _idle.TrySetResult();
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
            tcs.SetResult();
        return tcs;
    }

    private sealed class Exit(GroupsInFlight owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Leave();
        }
    }
}

