using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Gateway.Webhooks;

namespace Cartoon.Gateway.Jobs;

/// <summary>A worker's report about one job, as the gateway applies it (<see cref="JobEventApplier"/>).</summary>
public abstract record JobEvent(Guid JobId)
{
    /// <summary>A group's stage change, one event per job it touches.</summary>
    public static IEnumerable<ItemsStagedEvent> From(ItemsStaged e) =>
        e.Items.GroupBy(i => i.JobId).Select(job => new ItemsStagedEvent(job.Key, job.Select(i => i.ItemIndex).Distinct().ToList(),
            e.Stage, e.BatchSize, e.Device, e.At.ToUniversalTime()));

    public static ItemOutcomeEvent From(ItemCompleted e) =>
        new(e.JobId, e.ItemIndex, e.EventId, WebhookEvents.ItemCompleted, Outcome(e, JobStatuses.Succeeded, null, null) with
        {
            ContentType = e.ContentType,
            Width = e.Width,
            Height = e.Height,
            Faces = e.Faces,
            UpscaleFactor = e.UpscaleFactor > 0 ? e.UpscaleFactor : null,
            Warnings = e.Warnings,
        });

    public static ItemOutcomeEvent From(ItemFailed e)
    {
        // A worker that skipped the item because of the cancel marker reports reason "canceled": that is not a failure.
        var canceled = e.Reason == FailureReasons.Canceled;
        return new(e.JobId, e.ItemIndex, e.EventId, canceled ? null : WebhookEvents.ItemFailed,
            Outcome(e, canceled ? JobStatuses.Canceled : JobStatuses.Failed, e.Reason, e.Message));
    }

    /// <summary>What every worker outcome reports: how the item ran.</summary>
    private static ItemOutcome Outcome(IItemOutcome e, string status, string? reason, string? message) =>
        new(status, reason, message)
        {
            BatchSize = e.BatchSize,
            Device = e.Device,
            InferenceMs = e.InferenceMs,
            QueueWaitMs = e.QueueWaitMs,
            StartedAt = e.StartedAt.ToUniversalTime(),
            CompletedAt = e.CompletedAt.ToUniversalTime(),
            Stages = e.Stages,
        };

    /// <summary>A poison item (the worker threw until its retries ran out): failed with internal_error, no internals shown.</summary>
    public static ItemOutcomeEvent Fault(CartoonizeItem item, DateTimeOffset faultedAt) => Fault(item.JobId, item.ItemIndex, faultedAt);

    /// <summary>An item whose work faulted (an image, or any step of a video): failed with internal_error.</summary>
    public static ItemOutcomeEvent Fault(Guid jobId, int itemIndex, DateTimeOffset faultedAt) =>
        new(jobId, itemIndex, StableIds.ForItem(jobId, itemIndex), WebhookEvents.ItemFailed,
            new ItemOutcome(JobStatuses.Failed, FailureReasons.Internal, "The item could not be processed because of an internal error.")
            {
                CompletedAt = faultedAt.ToUniversalTime(),
            });
}

/// <summary>Items of one job a worker's group took into <paramref name="Stage"/>: unfinished ones move forward to it.</summary>
public sealed record ItemsStagedEvent(Guid JobId, IReadOnlyList<int> Indexes, string Stage, int BatchSize, string Device, DateTimeOffset At) : JobEvent(JobId);

/// <summary>An item's outcome; <paramref name="WebhookEvent"/> is the webhook event it raises, if any.</summary>
public sealed record ItemOutcomeEvent(Guid JobId, int Index, Guid EventId, string? WebhookEvent, ItemOutcome Outcome) : JobEvent(JobId);
