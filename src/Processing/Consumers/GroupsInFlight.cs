using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cartoon.Processing.Consumers;

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

/// <summary>
/// Stops after the bus (it is registered before MassTransit's hosted service, and hosted services stop in reverse
/// order): when the bus gave up waiting (Worker:StopTimeout) and canceled the groups still running, this waits for
/// them to leave the engine — within the host's shutdown timeout — before the host disposes the engine; disposing
/// ONNX Runtime sessions under a running group aborts the process.
/// </summary>
internal sealed partial class WorkerDrainService(GroupsInFlight groups, ILogger<WorkerDrainService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var count = groups.Count;
        if (count == 0)
            return;
        LogWaiting(logger, count);
        try
        {
            await groups.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogGaveUp(logger, groups.Count);
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Waiting for {Count} canceled group(s) to leave the engine before it is disposed")]
    private static partial void LogWaiting(ILogger logger, int count);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "The host's shutdown timeout ended with {Count} group(s) still in the engine")]
    private static partial void LogGaveUp(ILogger logger, int count);
}
