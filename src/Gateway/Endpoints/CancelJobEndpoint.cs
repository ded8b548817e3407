using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Endpoints;

/// <summary>POST /v1/jobs/{id}/cancel: idempotent; items not yet processed become canceled; 409 once the job finished.</summary>
public static class CancelJobEndpoint
{
    internal static async Task<IResult> HandleAsync(Guid id, JobStateUpdater updater, JobViewFactory views, QueuePositions positions, CancellationToken ct)
    {
        var (result, job) = await updater.CancelAsync(id, ct);
        return result switch
        {
            CancelResult.NotFound => Problems.NotFound("Job"),
            CancelResult.AlreadyTerminal => Problems.Result(StatusCodes.Status409Conflict, ProblemReasons.JobTerminal,
                $"The job already {job!.Status}; it cannot be canceled.", null, [new("status", job.Status)]),
            _ => TypedResults.Ok(views.Create(job!, await positions.EstimateAsync(job!, ct))),
        };
    }
}
