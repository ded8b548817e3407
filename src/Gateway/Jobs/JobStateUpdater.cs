using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Engine;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Outbox;
using Cartoon.Gateway.Streaming;
using Cartoon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// The one writer of job transitions. Worker events go through <see cref="JobEventApplier"/> (in batches); cancel and
/// abort are single transactions here that first take the job's row lock (a revision bump), then close its open items
/// with one conditional update, and complete the job with one conditional update that exactly one transaction wins,
/// writing JobCompleted and the webhook deliveries to the outbox in the same transaction (<see cref="JobCompletion"/>).
/// </summary>
public sealed class JobStateUpdater(
    CartoonDb db,
    IBlobStore store,
    JobEventApplier events,
    JobCompletion completion,
    OutboxSignal outboxSignal,
    JobChangeNotifier changes,
    TimeProvider clock,
    GatewayMetrics metrics,
    ILogger<JobStateUpdater> logger)
{
    private static readonly string[] Open = [JobStatuses.Queued, JobStatuses.Processing];

    public Task ApplyAsync(ItemCompleted e, CancellationToken ct) => events.ApplyAsync([JobEvent.From(e)], ct);

    public Task ApplyAsync(ItemFailed e, CancellationToken ct) => events.ApplyAsync([JobEvent.From(e)], ct);

    /// <summary>A poison item (the worker threw until its retries ran out): failed with internal_error, no internals shown.</summary>
    public Task ApplyFaultAsync(CartoonizeItem item, DateTimeOffset faultedAt, CancellationToken ct) =>
        events.ApplyAsync([JobEvent.Fault(item, faultedAt)], ct);

    /// <summary>A video item whose extraction, chunk or mux faulted: failed with internal_error, no internals shown.</summary>
    public Task ApplyFaultAsync(Guid jobId, int itemIndex, DateTimeOffset faultedAt, CancellationToken ct) =>
        events.ApplyAsync([JobEvent.Fault(jobId, itemIndex, faultedAt)], ct);

    /// <summary>
    /// A group's stage change: unfinished items record the stage (the first makes them "processing"); an item that
    /// already has an outcome (its events arrived out of order) or the stage (a repeat) is left alone.
    /// </summary>
    public Task ApplyAsync(ItemsStaged e, CancellationToken ct) => events.ApplyAsync([.. JobEvent.From(e)], ct);

    public async Task<(CancelResult Result, JobSnapshot? Job)> CancelAsync(Guid jobId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var ctx = db.Create();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        if (!await LockAsync(ctx, jobId, ct) || await LoadAsync(ctx, jobId, ct) is not { } job)
            return (CancelResult.NotFound, null);
        if (job.State.CanceledAt is not null)
            return (CancelResult.AlreadyCanceled, job);
        if (job.IsTerminal)
            return (CancelResult.AlreadyTerminal, job);

        // The marker first: workers check it before running an item, the sooner it exists the less work is wasted. If
        // the transaction then fails, the job stays as it was and a repeated cancel writes the marker again.
        await store.PutAsync(JobObjectKeys.CancelMarker(jobId), "{}"u8.ToArray(), "application/json", ct);
        var canceled = await ctx.JobItems.Where(i => i.JobId == jobId && Open.Contains(i.Status))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, JobStatuses.Canceled)
                .SetProperty(i => i.Reason, FailureReasons.Canceled)
                .SetProperty(i => i.Message, "Canceled before it was processed.")
                .SetProperty(i => i.CompletedAt, now)
                .SetProperty(i => i.UpdatedAt, now), ct);
        await ctx.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.CanceledAt, now)
            .SetProperty(j => j.Remaining, j => j.Remaining - canceled)
            .SetProperty(j => j.Canceled, j => j.Canceled + canceled), ct);
        job = (await LoadAsync(ctx, jobId, ct))!;
        var completed = await CompleteIfDoneAsync(ctx, job, now, ct);
        await ctx.SaveChangesAsync(ct);
        await changes.InTransactionAsync(ctx, [jobId], ct);
        await tx.CommitAsync(ct);
        changes.Committed([jobId]);
        outboxSignal.Notify();
        if (completed is not null)
            metrics.JobCompleted(completed.Status);
        logger.LogInformation("Job {JobId} canceled; {Items} items were still pending", jobId, canceled);
        return (CancelResult.Canceled, completed ?? job);
    }

    /// <summary>
    /// Used when a submit could not hand its items over (storage or broker down): the job is closed (workers skip
    /// anything already sent) and its items failed, so it never sits "queued" forever. Nobody was told this job
    /// exists (the submit answers 503): no JobCompleted, no webhook.
    /// </summary>
    public async Task AbortAsync(Guid jobId, string reason, string message, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        try
        {
            // Only matters when some items were sent before the failure; with the store down (the usual reason to be
            // here) it cannot be written, and the job is closed all the same.
            await store.PutAsync(JobObjectKeys.CancelMarker(jobId), "{}"u8.ToArray(), "application/json", ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Job {JobId}: cancel marker not written while closing it", jobId);
        }
        await using var ctx = db.Create();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        if (!await LockAsync(ctx, jobId, ct))
            return;
        var failed = await ctx.JobItems.Where(i => i.JobId == jobId && Open.Contains(i.Status))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, JobStatuses.Failed)
                .SetProperty(i => i.Reason, reason)
                .SetProperty(i => i.Message, message)
                .SetProperty(i => i.CompletedAt, now)
                .SetProperty(i => i.UpdatedAt, now), ct);
        await ctx.Jobs.Where(j => j.Id == jobId && j.CompletedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Remaining, 0)
            .SetProperty(j => j.Failed, j => j.Failed + failed)
            .SetProperty(j => j.Status, JobStatuses.Failed)
            .SetProperty(j => j.CompletedAt, now), ct);
        await changes.InTransactionAsync(ctx, [jobId], ct);
        await tx.CommitAsync(ct);
        changes.Committed([jobId]);
    }

    /// <summary>
    /// Completes the job if no item is left: one conditional update (only a job with no remaining item and no completion
    /// yet matches, so of all transactions that could see the job done exactly one does), then JobCompleted and the
    /// "completed" webhook into the outbox, in the same transaction. Returns the completed job, or null.
    /// </summary>
    private async Task<JobSnapshot?> CompleteIfDoneAsync(CartoonDbContext ctx, JobSnapshot job, DateTimeOffset now, CancellationToken ct)
    {
        if (!job.AllTerminal)
            return null;
        var status = job.Status;
        var won = await ctx.Jobs.Where(j => j.Id == job.JobId && j.CompletedAt == null && j.Remaining == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CompletedAt, now).SetProperty(j => j.Status, status), ct);
        if (won == 0)
            return null;
        job = completion.Announce(ctx, job, status, now);
        return job;
    }

    /// <summary>Takes the job's row lock (PostgreSQL) or the write lock (SQLite) before anything else; false when there is no such job.</summary>
    private static async Task<bool> LockAsync(CartoonDbContext ctx, Guid jobId, CancellationToken ct) =>
        await ctx.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Revision, j => j.Revision + 1), ct) == 1;

    private static async Task<JobSnapshot?> LoadAsync(CartoonDbContext ctx, Guid jobId, CancellationToken ct)
    {
        // Deleted jobs too: their events still land until the row is purged (they change nothing anyone can see).
        var row = await ctx.Jobs.AsNoTracking().AsSplitQuery().Include(j => j.Items).Include(j => j.Webhooks)
            .FirstOrDefaultAsync(j => j.Id == jobId, ct);
        return row is null ? null : JobRowMapper.ToSnapshot(row);
    }
}
