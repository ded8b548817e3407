using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Engine;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Outbox;
using Cartoon.Gateway.Webhooks;
using Cartoon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Jobs;

public enum CancelResult
{
    NotFound,
    Canceled,
    AlreadyCanceled,
    AlreadyTerminal,
}

/// <summary>
/// The one writer of job transitions. Each change is one database transaction that first takes the job's row lock
/// (every writer bumps <see cref="JobRow.Revision"/> before anything else, so writers of a job queue up instead of
/// deadlocking), then moves items only forward with conditional updates (a late or duplicate event matches no row and
/// changes nothing), keeps the job's counters in the same transaction, and, when the last item lands, completes the
/// job with one conditional update and writes JobCompleted and the webhook deliveries to the outbox. Any number of
/// replicas can apply events for the same job at once: the database orders them, and exactly one completes the job.
/// </summary>
public sealed class JobStateUpdater(
    CartoonDb db,
    IBlobStore store,
    WebhookOutbox webhooks,
    OutboxSignal outboxSignal,
    JobViewFactory views,
    TimeProvider clock,
    GatewayMetrics metrics,
    ILogger<JobStateUpdater> logger)
{
    private static readonly string[] Open = [JobStatuses.Queued, JobStatuses.Processing];

    public Task ApplyAsync(ItemCompleted e, CancellationToken ct) =>
        ApplyOutcomeAsync(e.JobId, e.ItemIndex, e.EventId, WebhookEvents.ItemCompleted, new ItemOutcome(JobStatuses.Succeeded, null, null)
        {
            ContentType = e.ContentType,
            Width = e.Width,
            Height = e.Height,
            Faces = e.Faces,
            BatchSize = e.BatchSize,
            Device = e.Device,
            InferenceMs = e.InferenceMs,
            QueueWaitMs = e.QueueWaitMs,
            StartedAt = e.StartedAt.ToUniversalTime(),
            CompletedAt = e.CompletedAt.ToUniversalTime(),
        }, ct);

    public Task ApplyAsync(ItemFailed e, CancellationToken ct)
    {
        // A worker that skipped the item because of the cancel marker reports reason "canceled": that is not a failure.
        var canceled = e.Reason == FailureReasons.Canceled;
        return ApplyOutcomeAsync(e.JobId, e.ItemIndex, e.EventId, canceled ? null : WebhookEvents.ItemFailed,
            new ItemOutcome(canceled ? JobStatuses.Canceled : JobStatuses.Failed, e.Reason, e.Message)
            {
                BatchSize = e.BatchSize,
                Device = e.Device,
                InferenceMs = e.InferenceMs,
                QueueWaitMs = e.QueueWaitMs,
                StartedAt = e.StartedAt.ToUniversalTime(),
                CompletedAt = e.CompletedAt.ToUniversalTime(),
            }, ct);
    }

    /// <summary>A poison item (the worker threw until its retries ran out): failed with internal_error, no internals shown.</summary>
    public Task ApplyFaultAsync(CartoonizeItem item, DateTimeOffset faultedAt, CancellationToken ct) =>
        ApplyOutcomeAsync(item.JobId, item.ItemIndex, StableIds.ForItem(item.JobId, item.ItemIndex), WebhookEvents.ItemFailed,
            new ItemOutcome(JobStatuses.Failed, FailureReasons.Internal, "The item could not be processed because of an internal error.")
            {
                CompletedAt = faultedAt.ToUniversalTime(),
            }, ct);

    /// <summary>
    /// Items a worker is running now become "processing". Only queued items move: an item that already has an outcome
    /// (its events arrived out of order) or is processing (a repeat) is left alone, so this never undoes anything.
    /// </summary>
    public async Task ApplyAsync(ItemsStarted e, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var startedAt = e.StartedAt.ToUniversalTime();
        var indexes = e.ItemIndexes.Distinct().ToList();
        await using var ctx = db.Create();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        if (!await LockAsync(ctx, e.JobId, ct))
        {
            logger.LogWarning("ItemsStarted for unknown job {JobId} ignored", e.JobId);
            return;
        }
        var moved = await ctx.JobItems
            .Where(i => i.JobId == e.JobId && indexes.Contains(i.Index) && i.Status == JobStatuses.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, JobStatuses.Processing)
                .SetProperty(i => i.BatchSize, e.BatchSize)
                .SetProperty(i => i.Device, e.Device)
                .SetProperty(i => i.StartedAt, startedAt)
                .SetProperty(i => i.UpdatedAt, now), ct);
        if (moved > 0)
            await ctx.Jobs.Where(j => j.Id == e.JobId && j.Status == JobStatuses.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatuses.Processing).SetProperty(j => j.StartedAt, startedAt), ct);
        await tx.CommitAsync(ct);
    }

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
        await tx.CommitAsync(ct);
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
        await tx.CommitAsync(ct);
    }

    private async Task ApplyOutcomeAsync(Guid jobId, int index, Guid eventId, string? webhookEvent, ItemOutcome o, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var ctx = db.Create();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        if (!await LockAsync(ctx, jobId, ct))
        {
            logger.LogWarning("Event {EventId} for unknown job {JobId} item {Index} ignored", eventId, jobId, index);
            return;
        }
        var moved = await ctx.JobItems
            .Where(i => i.JobId == jobId && i.Index == index && Open.Contains(i.Status))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, o.Status)
                .SetProperty(i => i.Reason, o.Reason)
                .SetProperty(i => i.Message, o.Message)
                .SetProperty(i => i.EventId, eventId)
                .SetProperty(i => i.ContentType, o.ContentType)
                .SetProperty(i => i.ResultWidth, o.Width)
                .SetProperty(i => i.ResultHeight, o.Height)
                .SetProperty(i => i.Faces, o.Faces)
                .SetProperty(i => i.BatchSize, i => o.BatchSize ?? i.BatchSize)
                .SetProperty(i => i.Device, i => o.Device ?? i.Device)
                .SetProperty(i => i.InferenceMs, o.InferenceMs)
                .SetProperty(i => i.QueueWaitMs, o.QueueWaitMs)
                .SetProperty(i => i.StartedAt, i => o.StartedAt ?? i.StartedAt)
                .SetProperty(i => i.CompletedAt, o.CompletedAt)
                .SetProperty(i => i.UpdatedAt, now), ct);
        if (moved == 0)
        {
            // Already terminal (a duplicate, a redelivery, an outcome after cancel) or not an item of this job.
            logger.LogDebug("Item {JobId}/{Index}: event {EventId} changes nothing", jobId, index, eventId);
            return;
        }
        var (succeeded, failed, canceled) = (o.Status == JobStatuses.Succeeded ? 1 : 0, o.Status == JobStatuses.Failed ? 1 : 0, o.Status == JobStatuses.Canceled ? 1 : 0);
        var startedAt = o.StartedAt ?? o.CompletedAt;
        await ctx.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Remaining, j => j.Remaining - 1)
            .SetProperty(j => j.Succeeded, j => j.Succeeded + succeeded)
            .SetProperty(j => j.Failed, j => j.Failed + failed)
            .SetProperty(j => j.Canceled, j => j.Canceled + canceled)
            .SetProperty(j => j.Status, j => j.Status == JobStatuses.Queued ? JobStatuses.Processing : j.Status)
            .SetProperty(j => j.StartedAt, j => j.StartedAt ?? startedAt), ct);

        var job = (await LoadAsync(ctx, jobId, ct))!;
        var wrote = false;
        if (webhookEvent is not null)
        {
            var item = job.Manifest.Items.First(i => i.Index == index);
            wrote = webhooks.Enqueue(ctx, job, webhookEvent, eventId, new { jobId, item = views.Item(job, item) });
        }
        var completed = await CompleteIfDoneAsync(ctx, job, now, ct);
        await ctx.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        if (wrote || completed is not null)
            outboxSignal.Notify();
        var tier = job.Manifest.Items.First(i => i.Index == index).Tier;
        metrics.ItemFinished(tier, o.Status, (o.CompletedAt ?? now) - job.Manifest.SubmittedAt);
        if (completed is not null)
        {
            metrics.JobCompleted(completed.Status);
            logger.LogInformation("Job {JobId} {Status}: {Succeeded}/{Total} succeeded, {Failed} failed, {Canceled} canceled", jobId, completed.Status,
                completed.Count(JobStatuses.Succeeded), completed.Total, completed.Count(JobStatuses.Failed), completed.Count(JobStatuses.Canceled));
        }
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

    /// <summary>What an outcome event sets on its item.</summary>
    private sealed record ItemOutcome(string Status, string? Reason, string? Message)
    {
        public string? ContentType { get; init; }
        public int? Width { get; init; }
        public int? Height { get; init; }
        public int? Faces { get; init; }
        public int? BatchSize { get; init; }
        public string? Device { get; init; }
        public double? InferenceMs { get; init; }
        public double? QueueWaitMs { get; init; }
        public DateTimeOffset? StartedAt { get; init; }
        public DateTimeOffset? CompletedAt { get; init; }
    }
}
