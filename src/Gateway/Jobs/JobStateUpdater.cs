using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Webhooks;
using Cartoon.Storage;
using MassTransit;

namespace Cartoon.Gateway.Jobs;

public enum CancelResult
{
    NotFound,
    Canceled,
    AlreadyCanceled,
    AlreadyTerminal,
}

/// <summary>
/// The one writer of job state. Every change runs under the job's lock and re-reads what the store holds, so
/// events, cancel and redeliveries apply in some order and "all items terminal" is acted on once: JobCompleted
/// (EventId = StableIds.ForJobCompleted) is published once in the normal case, and a repeat after a crash carries the
/// same id. Item records only move forward: the first terminal outcome of an item wins and duplicates change nothing.
/// </summary>
public sealed class JobStateUpdater(
    JobStore jobs,
    IBlobStore store,
    WebhookOutbox outbox,
    JobViewFactory views,
    QueueTracker tracker,
    IBus bus,
    TimeProvider clock,
    GatewayMetrics metrics,
    ILogger<JobStateUpdater> logger)
{
    public Task ApplyAsync(ItemCompleted e, CancellationToken ct) =>
        ApplyItemAsync(e.JobId, e.ItemIndex, e.EventId, WebhookEvents.ItemCompleted, now => new ItemRecord
        {
            Index = e.ItemIndex,
            Status = JobStatuses.Succeeded,
            EventId = e.EventId,
            ContentType = e.ContentType,
            Width = e.Width,
            Height = e.Height,
            Faces = e.Faces,
            BatchSize = e.BatchSize,
            Device = e.Device,
            InferenceMs = e.InferenceMs,
            QueueWaitMs = e.QueueWaitMs,
            StartedAt = e.StartedAt,
            CompletedAt = e.CompletedAt,
            UpdatedAt = now,
        }, ct);

    public Task ApplyAsync(ItemFailed e, CancellationToken ct)
    {
        // A worker that skipped the item because of the cancel marker reports reason "canceled": that is not a failure.
        var canceled = e.Reason == FailureReasons.Canceled;
        return ApplyItemAsync(e.JobId, e.ItemIndex, e.EventId, canceled ? null : WebhookEvents.ItemFailed, now => new ItemRecord
        {
            Index = e.ItemIndex,
            Status = canceled ? JobStatuses.Canceled : JobStatuses.Failed,
            Reason = e.Reason,
            Message = e.Message,
            EventId = e.EventId,
            BatchSize = e.BatchSize,
            Device = e.Device,
            InferenceMs = e.InferenceMs,
            QueueWaitMs = e.QueueWaitMs,
            StartedAt = e.StartedAt,
            CompletedAt = e.CompletedAt,
            UpdatedAt = now,
        }, ct);
    }

    /// <summary>
    /// Items a worker is running now become "processing". Only queued items move: an item that already has an outcome
    /// (its events arrived out of order) or is processing (a repeat) is left alone, so this never undoes anything.
    /// </summary>
    public async Task ApplyAsync(ItemsStarted e, CancellationToken ct)
    {
        using var _ = await jobs.LockAsync(e.JobId, ct);
        var job = await jobs.GetForUpdateAsync(e.JobId, ct);
        if (job is null)
        {
            logger.LogWarning("ItemsStarted for unknown job {JobId} ignored", e.JobId);
            return;
        }
        var now = clock.GetUtcNow();
        var known = job.Manifest.Items.Select(i => i.Index).ToHashSet();
        var started = e.ItemIndexes
            .Distinct()
            .Where(index => known.Contains(index) && job.Item(index).Status == JobStatuses.Queued)
            .Select(index => new ItemRecord
            {
                Index = index,
                Status = JobStatuses.Processing,
                BatchSize = e.BatchSize,
                Device = e.Device,
                StartedAt = e.StartedAt,
                UpdatedAt = now,
            })
            .ToList();
        if (started.Count > 0)
            await jobs.SaveItemsAsync(job, started, ct);
    }

    /// <summary>A poison item (the worker threw until its retries ran out): failed with internal_error, no internals shown.</summary>
    public Task ApplyFaultAsync(CartoonizeItem item, DateTimeOffset faultedAt, CancellationToken ct)
    {
        var eventId = StableIds.ForItem(item.JobId, item.ItemIndex);
        return ApplyItemAsync(item.JobId, item.ItemIndex, eventId, WebhookEvents.ItemFailed, now => new ItemRecord
        {
            Index = item.ItemIndex,
            Status = JobStatuses.Failed,
            Reason = FailureReasons.Internal,
            Message = "The item could not be processed because of an internal error.",
            EventId = eventId,
            CompletedAt = faultedAt,
            UpdatedAt = now,
        }, ct);
    }

    public async Task<(CancelResult Result, JobSnapshot? Job)> CancelAsync(Guid jobId, CancellationToken ct)
    {
        using var _ = await jobs.LockAsync(jobId, ct);
        var job = await jobs.GetForUpdateAsync(jobId, ct);
        if (job is null)
            return (CancelResult.NotFound, null);
        if (job.State.CanceledAt is not null)
            return (CancelResult.AlreadyCanceled, job);
        if (job.IsTerminal)
            return (CancelResult.AlreadyTerminal, job);

        var now = clock.GetUtcNow();
        // The marker first: workers check it before running an item, the sooner it exists the less work is wasted.
        await store.PutJsonAsync(JobObjectKeys.CancelMarker(jobId), new { canceledAt = now }, ct);
        job = await jobs.SaveStateAsync(job, job.State with { CanceledAt = now }, ct);
        var canceled = job.Manifest.Items
            .Where(i => !job.Item(i.Index).IsTerminal)
            .Select(i => new ItemRecord
            {
                Index = i.Index,
                Status = JobStatuses.Canceled,
                Reason = FailureReasons.Canceled,
                Message = "Canceled before it was processed.",
                CompletedAt = now,
                UpdatedAt = now,
            })
            .ToList();
        job = await jobs.SaveItemsAsync(job, canceled, ct);
        job = await CompleteIfDoneAsync(job, ct);
        logger.LogInformation("Job {JobId} canceled; {Items} items were still pending", jobId, canceled.Count);
        return (CancelResult.Canceled, job);
    }

    /// <summary>
    /// Used when a submit could not hand its items to the broker: the job is closed (workers skip anything already
    /// sent) and its items failed, so it never sits "queued" forever.
    /// </summary>
    public async Task AbortAsync(Guid jobId, string reason, string message, CancellationToken ct)
    {
        using var _ = await jobs.LockAsync(jobId, ct);
        var job = await jobs.GetForUpdateAsync(jobId, ct);
        if (job is null)
            return;
        var now = clock.GetUtcNow();
        await store.PutJsonAsync(JobObjectKeys.CancelMarker(jobId), new { canceledAt = now, reason }, ct);
        var failed = job.Manifest.Items
            .Where(i => !job.Item(i.Index).IsTerminal)
            .Select(i => new ItemRecord { Index = i.Index, Status = JobStatuses.Failed, Reason = reason, Message = message, CompletedAt = now, UpdatedAt = now })
            .ToList();
        job = await jobs.SaveItemsAsync(job, failed, ct);
        // Nobody was told this job exists (the submit answers 503): no JobCompleted, no webhook.
        await jobs.SaveStateAsync(job, job.State with { CompletedAt = now, CompletionPublished = true }, ct);
    }

    private async Task ApplyItemAsync(Guid jobId, int index, Guid eventId, string? webhookEvent, Func<DateTimeOffset, ItemRecord> create, CancellationToken ct)
    {
        using var _ = await jobs.LockAsync(jobId, ct);
        var job = await jobs.GetForUpdateAsync(jobId, ct);
        var manifestItem = job?.Manifest.Items.FirstOrDefault(i => i.Index == index);
        if (job is null || manifestItem is null)
        {
            logger.LogWarning("Event {EventId} for unknown job {JobId} item {Index} ignored", eventId, jobId, index);
            return;
        }
        var current = job.Item(index);
        if (current.IsTerminal)
        {
            logger.LogDebug("Item {JobId}/{Index} already {Status}; event {EventId} changes nothing", jobId, index, current.Status, eventId);
            return;
        }

        var record = create(clock.GetUtcNow());
        job = await jobs.SaveItemAsync(job, record, ct);
        metrics.ItemFinished(manifestItem.Tier, record.Status, (record.CompletedAt ?? record.UpdatedAt) - job.Manifest.SubmittedAt);
        if (record.Status == JobStatuses.Succeeded && record.InferenceMs is { } ms)
            tracker.RecordItemTime(ms);
        if (webhookEvent is not null)
            job = await outbox.EnqueueAsync(job, webhookEvent, eventId, new { jobId, item = views.Item(job, manifestItem) }, ct);
        await CompleteIfDoneAsync(job, ct);
    }

    private async Task<JobSnapshot> CompleteIfDoneAsync(JobSnapshot job, CancellationToken ct)
    {
        if (!job.AllTerminal || job.State.CompletionPublished)
            return job;
        var completedAt = job.State.CompletedAt ?? clock.GetUtcNow();
        job = job with { State = job.State with { CompletedAt = completedAt } };
        var message = new JobCompleted
        {
            EventId = StableIds.ForJobCompleted(job.JobId),
            JobId = job.JobId,
            TenantId = job.Manifest.TenantId,
            Status = job.Status,
            Total = job.Total,
            Succeeded = job.Count(JobStatuses.Succeeded),
            Failed = job.Count(JobStatuses.Failed),
            Canceled = job.Count(JobStatuses.Canceled),
            CompletedAt = completedAt,
        };
        // Publish, then record that it was published: a crash in between repeats the event with the same EventId
        // (consumers dedupe), where the other order could lose it.
        await bus.Publish(message, ct);
        job = await outbox.EnqueueAsync(job, WebhookEvents.Completed, message.EventId, views.Create(job), ct);
        job = await jobs.SaveStateAsync(job, job.State with { CompletionPublished = true }, ct);
        metrics.JobCompleted(message.Status);
        logger.LogInformation("Job {JobId} {Status}: {Succeeded}/{Total} succeeded, {Failed} failed, {Canceled} canceled",
            job.JobId, message.Status, message.Succeeded, message.Total, message.Failed, message.Canceled);
        return job;
    }
}
