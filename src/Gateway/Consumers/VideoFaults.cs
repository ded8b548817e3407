using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

internal static class VideoFaults
{
    public static Task FailAsync(JobStateUpdater updater, ILogger logger, string step, Guid jobId, int index, Fault fault, CancellationToken ct)
    {
        // The details stay in the log; the client sees internal_error only.
        logger.LogError("Video {JobId}/{Index} faulted at {Step}: {Exceptions}", jobId, index, step,
            string.Join(" | ", fault.Exceptions.Select(e => $"{e.ExceptionType}: {e.Message}")));
        return updater.ApplyFaultAsync(jobId, index, fault.Timestamp, ct);
    }
}
