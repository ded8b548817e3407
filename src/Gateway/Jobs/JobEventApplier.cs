using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Diagnostics;
using Cartoon.Gateway.Outbox;
using Cartoon.Gateway.Streaming;
using Cartoon.Gateway.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// Applies worker events to job state, many at once: one transaction per batch (the bus hands the gateway up to
/// <see cref="Consumers.JobEventsEndpoint.BatchLimit"/> events of a kind together), so a busy gateway pays a handful
/// of round trips per batch instead of several per event.
/// <para>Concurrency is the database's: the transaction first locks the rows of every job it touches, in id order
/// (PostgreSQL <c>SELECT … ORDER BY id FOR UPDATE</c>; SQLite's single write lock), so writers of a job — other
/// batches, other replicas, a cancel — queue up instead of deadlocking. Under that lock an item moves only forward
/// (an event for an item that already has an outcome changes nothing: a duplicate, a redelivery, an outcome after
/// cancel), the job's counters move with it, and a job whose last item landed is completed exactly once, its
/// JobCompleted and webhooks written to the outbox in the same transaction.</para>
/// <para>On PostgreSQL a batch of stage events only takes <see cref="StageWriter"/>'s short path (same rules, no rows
/// loaded) unless one of its jobs wants item.started webhooks.</para>
/// </summary>
public sealed class JobEventApplier(
    CartoonDb db,
    WebhookOutbox webhooks,
    JobCompletion completion,
    OutboxSignal outboxSignal,
    JobChangeNotifier changes,
    JobViewFactory views,
    TimeProvider clock,
    GatewayMetrics metrics,
    ILogger<JobEventApplier> logger)
{
    public async Task ApplyAsync(IReadOnlyList<JobEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
            return;
        var now = clock.GetUtcNow();
        var ids = events.Select(e => e.JobId).Distinct().Order().ToArray();
        await using var ctx = db.Create();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres && events.All(e => e is ItemsStagedEvent)
            && await StageWriter.TryApplyAsync(ctx, [.. events.Cast<ItemsStagedEvent>()], now, ct) is { } stagedJobs)
        {
            await changes.InTransactionAsync(ctx, stagedJobs, ct);
            await tx.CommitAsync(ct);
            return;
        }
        var jobs = await LockAsync(ctx, ids, ct);
        // Tracked: every item of those jobs attaches to its job's Items, so a snapshot of the job sees this batch's changes.
        var found = jobs.Keys.ToArray();
        await ctx.JobItems.Where(i => found.Contains(i.JobId)).LoadAsync(ct);

        var changed = new HashSet<Guid>();
        var finished = new List<(JobRow Job, JobItemRow Item, ItemOutcomeEvent Event)>();
        var started = new List<(JobRow Job, JobItemRow Item)>();
        foreach (var e in events)
        {
            if (!jobs.TryGetValue(e.JobId, out var job))
            {
                logger.LogWarning("{Event} for unknown job {JobId} ignored", e.GetType().Name, e.JobId);
                continue;
            }
            var moved = e switch
            {
                ItemsStagedEvent staged => Stage(job, staged, now, started),
                ItemOutcomeEvent outcome => Finish(job, outcome, now, finished),
                _ => false,
            };
            if (moved)
                changed.Add(job.Id);
        }

        var wrote = false;
        var completed = new List<JobSnapshot>();
        if (changed.Count > 0)
        {
            var completing = changed.Where(id => jobs[id] is { Remaining: 0, CompletedAt: null }).ToArray();
            if (completing.Length > 0)
                await ctx.WebhookDeliveries.Where(w => completing.Contains(w.JobId)).LoadAsync(ct); // the completed job's view lists them
            // One snapshot per job, taken after this batch's changes: item webhooks and the completion share it.
            var snapshots = new Dictionary<Guid, JobSnapshot>();
            JobSnapshot SnapshotOf(JobRow job) =>
                snapshots.TryGetValue(job.Id, out var taken) ? taken : snapshots[job.Id] = JobRowMapper.ToSnapshot(job);
            foreach (var (job, item) in started)
            {
                if (!Subscribes(job, WebhookEvents.ItemStarted))
                    continue;
                var snapshot = SnapshotOf(job);
                var manifestItem = snapshot.Manifest.Items.First(i => i.Index == item.Index);
                wrote |= webhooks.Enqueue(ctx, snapshot, WebhookEvents.ItemStarted, StableIds.ForItemStarted(job.Id, item.Index),
                    new { jobId = job.Id, item = views.Item(snapshot, manifestItem) });
            }
            foreach (var (job, item, e) in finished)
            {
                if (e.WebhookEvent is null || !Subscribes(job, e.WebhookEvent))
                    continue;
                var snapshot = SnapshotOf(job);
                var manifestItem = snapshot.Manifest.Items.First(i => i.Index == item.Index);
                wrote |= webhooks.Enqueue(ctx, snapshot, e.WebhookEvent, e.EventId, new { jobId = job.Id, item = views.Item(snapshot, manifestItem) });
            }
            foreach (var id in completing)
            {
                var job = jobs[id];
                var snapshot = SnapshotOf(job);
                if (!snapshot.AllTerminal)
                    continue;
                job.Status = snapshot.Status;
                job.CompletedAt = now;
                completed.Add(completion.Announce(ctx, snapshot, job.Status, now));
            }
            foreach (var id in changed)
                jobs[id].Revision++;
            await ctx.SaveChangesAsync(ct);
            await changes.InTransactionAsync(ctx, changed, ct);
        }
        await tx.CommitAsync(ct);
        changes.Committed(changed);

        if (wrote || completed.Count > 0)
            outboxSignal.Notify();
        foreach (var (job, item, e) in finished)
            metrics.ItemFinished(item.Tier, e.Outcome.Status, (e.Outcome.CompletedAt ?? now) - job.SubmittedAt);
        foreach (var job in completed)
        {
            metrics.JobCompleted(job.Status);
            logger.LogInformation("Job {JobId} {Status}: {Succeeded}/{Total} succeeded, {Failed} failed, {Canceled} canceled", job.JobId, job.Status,
                job.Count(JobStatuses.Succeeded), job.Total, job.Count(JobStatuses.Failed), job.Count(JobStatuses.Canceled));
        }
    }

    /// <summary>
    /// Locks the jobs' rows for the rest of the transaction and returns them tracked. PostgreSQL: row locks taken in id
    /// order. SQLite: the first write takes the database's write lock, which every other writer then waits for.
    /// </summary>
    private async Task<Dictionary<Guid, JobRow>> LockAsync(CartoonDbContext ctx, Guid[] ids, CancellationToken ct)
    {
        List<JobRow> rows;
        if (db.IsPostgres)
        {
            rows = await ctx.Jobs.FromSql($"SELECT * FROM jobs WHERE id = ANY({ids}) ORDER BY id FOR UPDATE").ToListAsync(ct);
        }
        else
        {
            await ctx.Jobs.Where(j => ids.Contains(j.Id)).ExecuteUpdateAsync(s => s.SetProperty(j => j.Revision, j => j.Revision + 1), ct);
            rows = await ctx.Jobs.Where(j => ids.Contains(j.Id)).ToListAsync(ct);
        }
        return rows.ToDictionary(j => j.Id);
    }

    /// <summary>
    /// Items of the event record when they entered the stage; the first stage a worker reports also makes a queued item
    /// "processing". Stages are history, not a state machine: a stage already recorded (a repeat) changes nothing, and
    /// one that arrives late (after a later stage, or after the outcome: the worker's "storing" and its outcome leave
    /// milliseconds apart and are applied by different batches) still gets its time, while the item's stage and status
    /// stay what they were. A stage name this gateway does not know is ignored.
    /// </summary>
    private bool Stage(JobRow job, ItemsStagedEvent e, DateTimeOffset now, List<(JobRow, JobItemRow)> started)
    {
        if (ItemStages.Ordinal(e.Stage) < 1)
        {
            logger.LogWarning("Stage {Stage} for job {JobId} is not one this gateway knows; ignored", e.Stage, e.JobId);
            return false;
        }
        var moved = false;
        foreach (var item in job.Items.Where(i => e.Indexes.Contains(i.Index)))
        {
            if (ItemStageColumns.Get(item, e.Stage) is not null)
                continue;
            ItemStageColumns.Set(item, e.Stage, e.At);
            item.UpdatedAt = now;
            moved = true;
            if (JobStatuses.IsTerminal(item.Status))
                continue;
            if (item.Status == JobStatuses.Queued)
            {
                item.Status = JobStatuses.Processing;
                item.StartedAt = e.At;
                started.Add((job, item));
            }
            item.BatchSize = e.BatchSize;
            item.Device = e.Device;
        }
        if (moved && job.Status == JobStatuses.Queued && job.Items.Any(i => i.Status == JobStatuses.Processing))
        {
            job.Status = JobStatuses.Processing;
            job.StartedAt = e.At;
        }
        return moved;
    }

    /// <summary>An unfinished item takes its outcome and the job's counters follow; a finished one changes nothing.</summary>
    private bool Finish(JobRow job, ItemOutcomeEvent e, DateTimeOffset now, List<(JobRow, JobItemRow, ItemOutcomeEvent)> finished)
    {
        var item = job.Items.FirstOrDefault(i => i.Index == e.Index);
        if (item is null || !(item.Status is JobStatuses.Queued or JobStatuses.Processing))
        {
            logger.LogDebug("Item {JobId}/{Index}: event {EventId} changes nothing", e.JobId, e.Index, e.EventId);
            return false;
        }
        var o = e.Outcome;
        item.Status = o.Status;
        item.Reason = o.Reason;
        item.Message = o.Message;
        item.EventId = e.EventId;
        item.ContentType = o.ContentType;
        item.ResultWidth = o.Width;
        item.ResultHeight = o.Height;
        item.Faces = o.Faces;
        item.UpscaleFactor = o.UpscaleFactor;
        item.Warnings = ItemWarningCodes.Join(o.Warnings);
        item.BatchSize = o.BatchSize ?? item.BatchSize;
        item.Device = o.Device ?? item.Device;
        item.InferenceMs = o.InferenceMs;
        item.QueueWaitMs = o.QueueWaitMs;
        item.StartedAt = o.StartedAt ?? item.StartedAt;
        item.CompletedAt = o.CompletedAt;
        item.UpdatedAt = now;
        foreach (var stage in o.Stages.Where(s => ItemStageColumns.Get(item, s.Stage) is null))
            ItemStageColumns.Set(item, stage.Stage, stage.At.ToUniversalTime());

        job.Remaining--;
        switch (o.Status)
        {
            case JobStatuses.Succeeded: job.Succeeded++; break;
            case JobStatuses.Failed: job.Failed++; break;
            case JobStatuses.Canceled: job.Canceled++; break;
        }
        if (job.Status == JobStatuses.Queued)
            job.Status = JobStatuses.Processing;
        job.StartedAt ??= o.StartedAt ?? o.CompletedAt;
        finished.Add((job, item, e));
        return true;
    }

    private static bool Subscribes(JobRow job, string webhookEvent) =>
        job.WebhookUrl is not null && job.WebhookDisabledAt is null
        && (job.WebhookEvents ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Contains(webhookEvent, StringComparer.Ordinal);
}
