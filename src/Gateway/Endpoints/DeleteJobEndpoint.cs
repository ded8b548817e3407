using Cartoon.Contracts;
using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;
using Cartoon.Storage;

namespace Cartoon.Gateway.Endpoints;

/// <summary>
/// DELETE /v1/jobs/{id}: the job's state, inputs and results are deleted (photos of people's faces). A job still
/// running is canceled first. The job is gone from the API at once; its objects are deleted now and once more after
/// a grace period (JobRetentionSweeper), in case a worker already running one of its items writes a result late.
/// </summary>
public static class DeleteJobEndpoint
{
    internal static async Task<IResult> HandleAsync(Guid id, JobStore jobs, JobStateUpdater updater, IBlobStore store, ILoggerFactory loggers,
        CancellationToken ct)
    {
        var (result, _) = await updater.CancelAsync(id, ct);
        if (result == CancelResult.NotFound || !await jobs.MarkDeletedAsync(id, ct))
            return Problems.NotFound("Job");
        try
        {
            await store.DeletePrefixAsync(JobObjectKeys.JobPrefix(id), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The job is deleted for the client; the sweeper deletes its objects again after the grace period.
            loggers.CreateLogger(typeof(DeleteJobEndpoint)).LogWarning(ex, "Job {JobId}: objects not deleted now; the retention sweeper will", id);
        }
        return TypedResults.NoContent();
    }
}
