using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Gateway.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// PostgreSQL's short path for a batch of stage events: the stage times land in one UPDATE over the batch's items
/// (unnest of one row per item) and the jobs follow in the same statement, without loading a row into EF. Stages are
/// the most frequent event (five per group) and change nothing a snapshot needs, so reading and tracking every item of
/// every touched job — what outcomes need — was most of their cost. Same rules as <see cref="JobEventApplier"/>'s
/// full path: the jobs are locked first in id order (so the writers of a job queue up instead of deadlocking), a
/// stage already recorded changes nothing, a queued item becomes processing, a finished one only gains the time.
/// A batch touching a job that subscribes to <c>item.started</c> takes the full path (the webhook needs the item's view).
/// </summary>
public static class StageWriter
{
    /// <summary>The ids of the jobs that changed, or null when the batch needs the full path. Call inside a transaction.</summary>
    public static async Task<IReadOnlyList<Guid>?> TryApplyAsync(CartoonDbContext ctx, IReadOnlyList<ItemsStagedEvent> events, DateTimeOffset now, CancellationToken ct)
    {
        var ids = events.Select(e => e.JobId).Distinct().Order().ToArray();
        // One flag per job, from the locking query itself: a filter around a FOR UPDATE subquery may be pushed into it and
        // lock only the rows it keeps, which let a batch update jobs it had not locked and deadlock with the full path.
        var subscribes = await ctx.Database.SqlQuery<bool>($"""
            SELECT (webhook_url IS NOT NULL AND webhook_disabled_at IS NULL AND webhook_events LIKE {"%" + WebhookEvents.ItemStarted + "%"}) AS "Value"
            FROM jobs WHERE id = ANY({ids}) ORDER BY id FOR UPDATE
            """).ToListAsync(ct);
        if (subscribes.Contains(true))
            return null;

        var rows = Pivot(events);
        if (rows.Count == 0)
            return [];
        var jobIds = rows.Select(r => r.JobId).ToArray();
        var indexes = rows.Select(r => r.Index).ToArray();
        DateTimeOffset?[] Column(int stage) => rows.Select(r => r.At[stage]).ToArray();
        var (fetching, decoding, inferring, encoding, storing) = (Column(0), Column(1), Column(2), Column(3), Column(4));
        var first = rows.Select(r => r.At.Where(a => a is not null).Min()!.Value).ToArray();
        var batchSizes = rows.Select(r => r.BatchSize).ToArray();
        var devices = rows.Select(r => r.Device).ToArray();
        return await ctx.Database.SqlQuery<Guid>($"""
            WITH s AS (
                SELECT * FROM unnest({jobIds}::uuid[], {indexes}::int[], {fetching}::timestamptz[], {decoding}::timestamptz[],
                    {inferring}::timestamptz[], {encoding}::timestamptz[], {storing}::timestamptz[], {first}::timestamptz[],
                    {batchSizes}::int[], {devices}::text[])
                    AS s(job_id, item_index, fetching, decoding, inferring, encoding, storing, first_at, batch_size, device)),
            moved AS (
                UPDATE job_items i SET
                    fetching_at = COALESCE(i.fetching_at, s.fetching), decoding_at = COALESCE(i.decoding_at, s.decoding),
                    inferring_at = COALESCE(i.inferring_at, s.inferring), encoding_at = COALESCE(i.encoding_at, s.encoding),
                    storing_at = COALESCE(i.storing_at, s.storing),
                    status = CASE WHEN i.status = 'queued' THEN 'processing' ELSE i.status END,
                    started_at = CASE WHEN i.status = 'queued' THEN s.first_at ELSE i.started_at END,
                    batch_size = CASE WHEN i.status IN ('queued', 'processing') THEN s.batch_size ELSE i.batch_size END,
                    device = CASE WHEN i.status IN ('queued', 'processing') THEN s.device ELSE i.device END,
                    updated_at = {now}
                FROM s
                WHERE i.job_id = s.job_id AND i.item_index = s.item_index
                  AND ((s.fetching IS NOT NULL AND i.fetching_at IS NULL) OR (s.decoding IS NOT NULL AND i.decoding_at IS NULL)
                    OR (s.inferring IS NOT NULL AND i.inferring_at IS NULL) OR (s.encoding IS NOT NULL AND i.encoding_at IS NULL)
                    OR (s.storing IS NOT NULL AND i.storing_at IS NULL))
                RETURNING i.job_id, s.first_at)
            UPDATE jobs j SET revision = j.revision + 1,
                status = CASE WHEN j.status = 'queued' THEN 'processing' ELSE j.status END,
                started_at = CASE WHEN j.status = 'queued' THEN m.first_at ELSE j.started_at END
            FROM (SELECT job_id, min(first_at) AS first_at FROM moved GROUP BY job_id) m
            WHERE j.id = m.job_id
            RETURNING j.id AS "Value"
            """).ToListAsync(ct);
    }

    private sealed record ItemStagesRow(Guid JobId, int Index, DateTimeOffset?[] At)
    {
        public int BatchSize { get; set; }
        public string Device { get; set; } = "";
    }

    /// <summary>One row per item: the first time the batch reports for each running stage (the first recorded wins, as on the full path), the last event's group facts.</summary>
    private static List<ItemStagesRow> Pivot(IReadOnlyList<ItemsStagedEvent> events)
    {
        var rows = new Dictionary<(Guid, int), ItemStagesRow>();
        foreach (var e in events)
        {
            var stage = ItemStages.Ordinal(e.Stage) - 1; // running stages are 1..5
            if (stage is < 0 or >= 5)
                continue;
            var at = e.At.ToUniversalTime();
            foreach (var index in e.Indexes)
            {
                if (!rows.TryGetValue((e.JobId, index), out var row))
                    rows[(e.JobId, index)] = row = new ItemStagesRow(e.JobId, index, new DateTimeOffset?[5]);
                row.At[stage] ??= at;
                row.BatchSize = e.BatchSize;
                row.Device = e.Device;
            }
        }
        return [.. rows.Values];
    }
}
