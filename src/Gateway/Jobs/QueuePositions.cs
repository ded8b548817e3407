using Cartoon.Database;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// Queue position and backlog from the database, so every replica gives the same answer (docs/api.md, "Queue
/// position"). The per-item time behind the wait estimate is the mean of the last items the workers reported,
/// re-read at most every few seconds: an estimate, not state.
/// </summary>
public sealed class QueuePositions(CartoonDb db, TimeProvider clock)
{
    private static readonly TimeSpan ItemTimeRefresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OpenItemsRefresh = TimeSpan.FromSeconds(1);
    private const int ItemTimeSample = 50;
    private ItemTime _itemTime = new(DateTimeOffset.MinValue, null);
    private OpenItems _openItems = new(DateTimeOffset.MinValue, 0);

    // Records, so a reader on another thread sees one whole reading, never half of two.
    private sealed record OpenItems(DateTimeOffset At, int Count);

    private sealed record ItemTime(DateTimeOffset At, double? Ms);

    /// <summary>
    /// The estimate for a job this replica just accepted. It is the newest job, so every unfinished item of the others
    /// is ahead of it: that total is read at most once a second per replica (a busy gateway takes hundreds of submits a
    /// second, and the sum over a long backlog is the costliest read of a submit), so it may miss the last second's jobs.
    /// </summary>
    public async Task<QueueEstimate?> EstimateNewAsync(JobSnapshot job, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var open = _openItems;
        await using var ctx = db.Create();
        if (now - open.At >= OpenItemsRefresh)
        {
            var jobId = job.JobId;
            var count = await ctx.Jobs.Where(j => j.CompletedAt == null && j.DeletedAt == null && j.Id != jobId)
                .SumAsync(j => (int?)j.Remaining, ct) ?? 0;
            _openItems = open = new OpenItems(now, count);
        }
        var ms = await ItemMillisecondsAsync(ctx, reuseEmpty: true, ct);
        double? wait = ms is { } m ? Math.Round((open.Count + job.Total) * m / 1000.0, 1) : null;
        return new QueueEstimate(open.Count, job.Total, wait);
    }

    public async Task<QueueEstimate?> EstimateAsync(JobSnapshot job, CancellationToken ct)
    {
        if (job.IsTerminal)
            return null;
        var own = job.Manifest.Items.Count(i => !job.Item(i.Index).IsTerminal);
        var submittedAt = job.Manifest.SubmittedAt;
        await using var ctx = db.Create();
        var ahead = await ctx.Jobs
            .Where(j => j.CompletedAt == null && j.DeletedAt == null && j.SubmittedAt < submittedAt)
            .SumAsync(j => (int?)j.Remaining, ct) ?? 0;
        var ms = await ItemMillisecondsAsync(ctx, reuseEmpty: false, ct);
        double? wait = ms is { } m ? Math.Round((ahead + own) * m / 1000.0, 1) : null;
        return new QueueEstimate(ahead, own, wait);
    }

    /// <summary>Unfinished items of a tier over all jobs: the backlog when this process is the tier's only consumer (embedded mode).</summary>
    public async Task<long> UnfinishedAsync(string tier, CancellationToken ct)
    {
        await using var ctx = db.Create();
        return await ctx.JobItems.LongCountAsync(i => i.Tier == tier && (i.Status == JobStatuses.Queued || i.Status == JobStatuses.Processing), ct);
    }

    private async Task<double?> ItemMillisecondsAsync(CartoonDbContext ctx, bool reuseEmpty, CancellationToken ct)
    {
        var cached = _itemTime;
        var age = clock.GetUtcNow() - cached.At;
        // "No sample yet" is reused for a second by submits only (a backlog that has not started yet should not cost
        // this query on every submit); a status read asks again, so the first item that completes shows up at once.
        if (cached.Ms is not null ? age < ItemTimeRefresh : reuseEmpty && age < OpenItemsRefresh)
            return cached.Ms;
        var recent = await ctx.JobItems
            .Where(i => i.Status == JobStatuses.Succeeded && i.CompletedAt != null && i.InferenceMs != null && i.InferenceMs > 0)
            .OrderByDescending(i => i.CompletedAt).Take(ItemTimeSample).Select(i => i.InferenceMs!.Value).ToListAsync(ct);
        double? ms = recent.Count > 0 ? recent.Average() : null;
        _itemTime = new ItemTime(clock.GetUtcNow(), ms);
        return ms;
    }
}
