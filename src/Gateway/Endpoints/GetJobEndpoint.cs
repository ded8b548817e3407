using Cartoon.Gateway.Errors;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Endpoints;

/// <summary>GET /v1/jobs/{id}: status, per-item outcomes, progress, queue estimate, timings, webhook attempts.</summary>
public static class GetJobEndpoint
{
    internal static async Task<IResult> HandleAsync(Guid id, JobStore jobs, JobViewFactory views, QueuePositions positions, CancellationToken ct)
    {
        var job = await jobs.GetAsync(id, ct);
        return job is null ? Problems.NotFound("Job") : TypedResults.Ok(views.Create(job, await positions.EstimateAsync(job, ct)));
    }
}
