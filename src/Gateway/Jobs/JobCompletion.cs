using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Gateway.Outbox;
using Cartoon.Gateway.Webhooks;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// What a job's completion writes in the transaction that completes it: JobCompleted into the bus outbox and the
/// "completed" webhook delivery. Only the one transaction that won the completion calls it.
/// </summary>
public sealed class JobCompletion(WebhookOutbox webhooks, JobViewFactory views)
{
    /// <summary><paramref name="job"/> as completed (CompletedAt set); returns it.</summary>
    public JobSnapshot Announce(CartoonDbContext ctx, JobSnapshot job, string status, DateTimeOffset now)
    {
        job = job with { State = job.State with { CompletedAt = now } };
        var message = new JobCompleted
        {
            EventId = StableIds.ForJobCompleted(job.JobId),
            JobId = job.JobId,
            TenantId = job.Manifest.TenantId,
            Status = status,
            Total = job.Total,
            Succeeded = job.Count(JobStatuses.Succeeded),
            Failed = job.Count(JobStatuses.Failed),
            Canceled = job.Count(JobStatuses.Canceled),
            CompletedAt = now,
        };
        BusOutbox.Add(ctx, message, now);
        webhooks.Enqueue(ctx, job, WebhookEvents.Completed, message.EventId, views.Create(job, queue: null));
        return job;
    }
}
