using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Streaming;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// Reads of job state, and the writes that are not transitions (creating a job, deleting it; marking it handed to the
/// broker is <see cref="HandOffMarker"/>'s). Every read is one unit of work on the database, which all replicas share: there is no cache to go
/// stale. Transitions live in <see cref="JobStateUpdater"/>.
/// </summary>
public sealed class JobStore(CartoonDb db, JobChangeNotifier changes, TimeProvider clock)
{
    /// <summary>
    /// Job and items in one transaction, before any byte is stored: if the database is down nothing else happens.
    /// Returns the job as written (every item queued), so the caller need not read it back.
    /// </summary>
    public async Task<JobSnapshot> CreateAsync(JobManifest manifest, CancellationToken ct)
    {
        var row = JobRowMapper.ToRow(manifest);
        await using var ctx = db.Create();
        if (db.IsPostgres)
            await InsertAsync(ctx, row, ct);
        else
        {
            ctx.Jobs.Add(row);
            await ctx.SaveChangesAsync(ct);
        }
        return JobRowMapper.ToSnapshot(row);
    }

    /// <summary>
    /// On PostgreSQL the job and its items go in as one statement (the items as arrays), not through the change
    /// tracker, whose SaveChanges was the largest share of a submit's CPU (docs/benchmarks.md, issue 12, third round:
    /// the submit's gateway CPU per item 1.75 → 1.56 ms, medians of the events bench). One statement is also one
    /// implicit transaction.
    /// </summary>
    private static Task<int> InsertAsync(CartoonDbContext ctx, JobRow job, CancellationToken ct)
    {
        var items = job.Items;
        var indexes = items.Select(i => i.Index).ToArray();
        var names = items.Select(i => i.FileName).ToArray();
        var inputs = items.Select(i => i.InputKey).ToArray();
        var results = items.Select(i => i.ResultKey).ToArray();
        var formats = items.Select(i => i.InputFormat).ToArray();
        var bytes = items.Select(i => i.Bytes).ToArray();
        var widths = items.Select(i => i.Width).ToArray();
        var heights = items.Select(i => i.Height).ToArray();
        var workWidths = items.Select(i => i.WorkWidth).ToArray();
        var workHeights = items.Select(i => i.WorkHeight).ToArray();
        var tiers = items.Select(i => i.Tier).ToArray();
        var statuses = items.Select(i => i.Status).ToArray();
        var kinds = items.Select(i => i.Kind).ToArray();
        var videoFormats = items.Select(i => i.VideoFormat).ToArray();
        var framesTotals = items.Select(i => i.FramesTotal).ToArray();
        var frameRates = items.Select(i => i.FrameRate).ToArray();
        var updated = items.Select(i => i.UpdatedAt).ToArray();
        return ctx.Database.ExecuteSqlAsync($"""
            WITH job AS (
                INSERT INTO jobs (id, tenant_id, submitted_at, base_url, style, strength, max_side, format, quality, detail, webhook_url,
                    webhook_events, rejected, trace_id, status, total, remaining, succeeded, failed, canceled, revision)
                VALUES ({job.Id}, {job.TenantId}, {job.SubmittedAt}, {job.BaseUrl}, {job.Style}, {job.Strength}, {job.MaxSide},
                    {job.Format}, {job.Quality}, {job.Detail}, {job.WebhookUrl}, {job.WebhookEvents}, {job.Rejected}, {job.TraceId}, {job.Status},
                    {job.Total}, {job.Remaining}, {job.Succeeded}, {job.Failed}, {job.Canceled}, {job.Revision}))
            INSERT INTO job_items (job_id, item_index, file_name, input_key, result_key, input_format, bytes, width, height,
                work_width, work_height, tier, status, updated_at, kind, video_format, frames_total, frame_rate)
            SELECT {job.Id}, v.* FROM unnest({indexes}::int[], {names}::text[], {inputs}::text[], {results}::text[], {formats}::text[],
                {bytes}::bigint[], {widths}::int[], {heights}::int[], {workWidths}::int[], {workHeights}::int[], {tiers}::text[],
                {statuses}::text[], {updated}::timestamptz[], {kinds}::text[], {videoFormats}::text[], {framesTotals}::int[],
                {frameRates}::text[]) AS v
            """, ct);
    }

    /// <summary>The job with its items and webhook deliveries; null when unknown or deleted.</summary>
    public async Task<JobSnapshot?> GetAsync(Guid jobId, CancellationToken ct)
    {
        await using var ctx = db.Create();
        var row = await ctx.Jobs.AsNoTracking().AsSplitQuery().Include(j => j.Items).Include(j => j.Webhooks)
            .FirstOrDefaultAsync(j => j.Id == jobId && j.DeletedAt == null, ct);
        return row is null ? null : JobRowMapper.ToSnapshot(row);
    }

    /// <summary>The tenant owning the job (null when unknown or deleted): what every job route checks first.</summary>
    public async Task<string?> TenantOfAsync(Guid jobId, CancellationToken ct)
    {
        await using var ctx = db.Create();
        return await ctx.Jobs.Where(j => j.Id == jobId && j.DeletedAt == null).Select(j => j.TenantId).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// A tenant's jobs, newest first, keyset-paginated on (submitted_at, id): a page costs the same however deep it is,
    /// and jobs submitted meanwhile never shift a later page.
    /// </summary>
    public async Task<IReadOnlyList<JobRow>> ListAsync(string tenantId, string? status, JobListCursor? after, int limit, CancellationToken ct)
    {
        await using var ctx = db.Create();
        var query = ctx.Jobs.AsNoTracking().Where(j => j.TenantId == tenantId && j.DeletedAt == null);
        if (status is not null)
            query = query.Where(j => j.Status == status);
        if (after is { } c)
            query = query.Where(j => j.SubmittedAt < c.SubmittedAt || (j.SubmittedAt == c.SubmittedAt && j.Id.CompareTo(c.JobId) < 0));
        return await query.OrderByDescending(j => j.SubmittedAt).ThenByDescending(j => j.Id).Take(limit).ToListAsync(ct);
    }

    /// <summary>Hides the job at once (the caller deletes its objects next); false when there is no such job.</summary>
    public async Task<bool> MarkDeletedAsync(Guid jobId, CancellationToken ct)
    {
        await using var ctx = db.Create();
        var now = clock.GetUtcNow();
        if (await ctx.Jobs.Where(j => j.Id == jobId && j.DeletedAt == null).ExecuteUpdateAsync(s => s.SetProperty(j => j.DeletedAt, now), ct) != 1)
            return false;
        // After the update committed: open event streams end with "deleted".
        await changes.InTransactionAsync(ctx, [jobId], ct);
        changes.Committed([jobId]);
        return true;
    }
}
