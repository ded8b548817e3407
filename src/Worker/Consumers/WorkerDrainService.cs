using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cartoon.Worker.Consumers;

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
