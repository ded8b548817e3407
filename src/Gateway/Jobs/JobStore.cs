using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Streaming;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

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
    /// implicit transaction. It is sent as a plain Npgsql command (<see cref="PostgresCommand"/>, fourth round).
    /// </summary>
    private static Task<int> InsertAsync(CartoonDbContext ctx, JobRow job, CancellationToken ct)
    {
        var items = job.Items;
        return PostgresCommand.ExecuteAsync(ctx, InsertSql, p =>
        {
            p.AddValue(job.Id);
            p.AddValue(job.TenantId);
            p.AddValue(job.SubmittedAt);
            p.AddValue(job.BaseUrl);
            p.AddValue(job.Style);
            p.AddValue(job.Strength);
            p.AddNullable(job.MaxSide, NpgsqlDbType.Integer);
            p.AddValue(job.Format);
            p.AddValue(job.Quality);
            p.AddValue(job.Detail);
            p.AddNullable(job.WebhookUrl, NpgsqlDbType.Text);
            p.AddNullable(job.WebhookEvents, NpgsqlDbType.Text);
            p.AddValue(job.Rejected);
            p.AddNullable(job.TraceId, NpgsqlDbType.Text);
            p.AddValue(job.Status);
            p.AddValue(job.Total);
            p.AddValue(job.Remaining);
            p.AddValue(job.Succeeded);
            p.AddValue(job.Failed);
            p.AddValue(job.Canceled);
            p.AddValue(job.Revision);
            p.AddValue(items.Select(i => i.Index).ToArray());
            p.AddValue(items.Select(i => i.FileName).ToArray());
            p.AddValue(items.Select(i => i.InputKey).ToArray());
            p.AddValue(items.Select(i => i.ResultKey).ToArray());
            p.AddValue(items.Select(i => i.InputFormat).ToArray());
            p.AddValue(items.Select(i => i.Bytes).ToArray());
            p.AddValue(items.Select(i => i.Width).ToArray());
            p.AddValue(items.Select(i => i.Height).ToArray());
            p.AddValue(items.Select(i => i.WorkWidth).ToArray());
            p.AddValue(items.Select(i => i.WorkHeight).ToArray());
            p.AddValue(items.Select(i => i.Tier).ToArray());
            p.AddValue(items.Select(i => i.Status).ToArray());
            p.AddValue(items.Select(i => i.UpdatedAt).ToArray());
            p.AddValue(items.Select(i => i.Kind).ToArray());
            p.AddValue(items.Select(i => i.VideoFormat).ToArray());
            p.AddValue(items.Select(i => i.FramesTotal).ToArray());
            p.AddValue(items.Select(i => i.FrameRate).ToArray());
        }, ct);
    }

    /// <summary>The parameters in the order <see cref="InsertAsync"/> adds them: the job's columns, then one array per item column.</summary>
    private const string InsertSql = """
        WITH job AS (
            INSERT INTO jobs (id, tenant_id, submitted_at, base_url, style, strength, max_side, format, quality, detail, webhook_url,
                webhook_events, rejected, trace_id, status, total, remaining, succeeded, failed, canceled, revision)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21))
        INSERT INTO job_items (job_id, item_index, file_name, input_key, result_key, input_format, bytes, width, height,
            work_width, work_height, tier, status, updated_at, kind, video_format, frames_total, frame_rate)
        SELECT $1, v.* FROM unnest($22::int[], $23::text[], $24::text[], $25::text[], $26::text[],
            $27::bigint[], $28::int[], $29::int[], $30::int[], $31::int[], $32::text[],
            $33::text[], $34::timestamptz[], $35::text[], $36::text[], $37::int[],
            $38::text[]) AS v
        """;

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
