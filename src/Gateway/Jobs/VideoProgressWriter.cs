using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Gateway.Outbox;
using Cartoon.Gateway.Streaming;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// Counts a video item's chunks in the database and starts its mux exactly once, whichever replica applies the last
/// event. Each event is one transaction:
/// <list type="bullet">
/// <item>FramesCompleted inserts its chunk row (a redelivered chunk finds the row: nothing more happens), then adds the
/// chunk's frames and one chunk to the item with one conditional UPDATE (only while the item is not terminal).</item>
/// <item>VideoExtracted sets the final chunk and frame counts on the item with one conditional UPDATE.</item>
/// </list>
/// Then, in the same transaction, the mux check: one UPDATE that sets MuxSentAt only where the chunk count is final,
/// every chunk is counted, the item is not terminal and no mux was written yet. The UPDATE that matched writes MuxVideo
/// to the outbox. On PostgreSQL the counter UPDATE took the item's row lock, so a second replica's UPDATE waits for this
/// commit and re-reads the row (it sees MuxSentAt set: no match); SQLite has one writer at a time. Either order of the
/// last chunk and VideoExtracted therefore writes exactly one MuxVideo.
/// </summary>
public sealed class VideoProgressWriter(
    CartoonDb db,
    OutboxSignal outboxSignal,
    JobChangeNotifier changes,
    TimeProvider clock,
    ILogger<VideoProgressWriter> logger)
{
    private static readonly string[] Open = [JobStatuses.Queued, JobStatuses.Processing];

    /// <summary>Applies one chunk's completion; true when this transaction wrote the item's MuxVideo.</summary>
    public async Task<bool> ApplyAsync(FramesCompleted e, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var startedAt = e.StartedAt.ToUniversalTime();
        var completedAt = e.CompletedAt.ToUniversalTime();
        await using var ctx = db.Create();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);

        // SQLite keeps times as UTC ticks (SqliteCartoonDbContext); raw SQL bypasses that conversion, so it is applied
        // here. The SELECT … WHERE EXISTS skips a chunk of an item that does not exist (a purged job) instead of failing
        // its foreign key.
        object at = db.IsPostgres ? completedAt : completedAt.UtcTicks;
        var inserted = await ctx.Database.ExecuteSqlAsync($"""
            INSERT INTO video_chunks (job_id, item_index, chunk, frames, completed_at)
            SELECT {e.JobId}, {e.ItemIndex}, {e.Chunk}, {e.Frames}, {at}
            WHERE EXISTS (SELECT 1 FROM job_items WHERE job_id = {e.JobId} AND item_index = {e.ItemIndex})
            ON CONFLICT DO NOTHING
            """, ct);
        if (inserted == 0)
        {
            logger.LogDebug("Chunk {Chunk} of {JobId}/{Index} already counted (or the item is gone)", e.Chunk, e.JobId, e.ItemIndex);
            return false;
        }

        var counted = await ctx.JobItems
            .Where(i => i.JobId == e.JobId && i.Index == e.ItemIndex && Open.Contains(i.Status))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.FramesDone, i => i.FramesDone + e.Frames)
                .SetProperty(i => i.ChunksDone, i => i.ChunksDone + 1)
                // The earliest start and the latest end, whatever order the chunks' events are applied in (they race
                // across consumers and replicas): the measured rate spans every chunk counted.
                .SetProperty(i => i.FirstFramesAt, i => i.FirstFramesAt == null || i.FirstFramesAt > startedAt ? startedAt : i.FirstFramesAt)
                .SetProperty(i => i.LastFramesAt, i => i.LastFramesAt == null || i.LastFramesAt < completedAt ? completedAt : i.LastFramesAt)
                .SetProperty(i => i.UpdatedAt, now), ct);
        return await FinishAsync(ctx, tx, e.JobId, e.ItemIndex, counted == 1, now, ct);
    }

    /// <summary>Applies the final counts of an extracted video; true when this transaction wrote the item's MuxVideo.</summary>
    public async Task<bool> ApplyAsync(VideoExtracted e, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var ctx = db.Create();
        await using var tx = await ctx.Database.BeginTransactionAsync(ct);
        var updated = await ctx.JobItems
            .Where(i => i.JobId == e.JobId && i.Index == e.ItemIndex && Open.Contains(i.Status))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.ChunksTotal, e.Chunks)
                .SetProperty(i => i.FramesTotal, e.Frames)
                .SetProperty(i => i.FrameRate, e.FrameRate)
                .SetProperty(i => i.UpdatedAt, now), ct);
        return await FinishAsync(ctx, tx, e.JobId, e.ItemIndex, updated == 1, now, ct);
    }

    private async Task<bool> FinishAsync(CartoonDbContext ctx, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, Guid jobId, int index,
        bool changed, DateTimeOffset now, CancellationToken ct)
    {
        var mux = changed && await TryWriteMuxAsync(ctx, jobId, index, now, ct);
        if (changed)
            await changes.InTransactionAsync(ctx, [jobId], ct);
        await tx.CommitAsync(ct);
        if (changed)
            changes.Committed([jobId]);
        if (mux)
        {
            outboxSignal.Notify();
            logger.LogInformation("Video {JobId}/{Index}: every chunk is cartoonized; MuxVideo written", jobId, index);
        }
        return mux;
    }

    /// <summary>The one conditional update that decides who writes MuxVideo, then the command itself.</summary>
    private static async Task<bool> TryWriteMuxAsync(CartoonDbContext ctx, Guid jobId, int index, DateTimeOffset now, CancellationToken ct)
    {
        var won = await ctx.JobItems
            .Where(i => i.JobId == jobId && i.Index == index && Open.Contains(i.Status)
                        && i.MuxSentAt == null && i.ChunksTotal != null && i.ChunksDone >= i.ChunksTotal)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.MuxSentAt, now), ct);
        if (won == 0)
            return false;
        // Under the row lock this transaction holds: the counts cannot move until it commits.
        var item = await ctx.JobItems.AsNoTracking().Where(i => i.JobId == jobId && i.Index == index)
            .Select(i => new { i.InputKey, i.ResultKey, i.VideoFormat, i.ChunksTotal, i.FramesTotal, i.FramesDone, i.FrameRate })
            .SingleAsync(ct);
        var job = await ctx.Jobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => new { j.TenantId, j.SubmittedAt }).SingleAsync(ct);
        BusOutbox.Add(ctx, new MuxVideo
        {
            JobId = jobId,
            ItemIndex = index,
            TenantId = job.TenantId,
            InputKey = item.InputKey,
            ResultKey = item.ResultKey,
            Format = item.VideoFormat ?? "mp4",
            Chunks = item.ChunksTotal!.Value,
            Frames = item.FramesTotal ?? item.FramesDone,
            FrameRate = item.FrameRate ?? "",
            SubmittedAt = job.SubmittedAt,
        }, now);
        await ctx.SaveChangesAsync(ct);
        return true;
    }
}
