using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Outbox;
using Cartoon.Tests.Shared.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Integration.Tests.Jobs;

/// <summary>
/// A video item's chunk counting on the real databases (PostgreSQL via CARTOON_TEST_POSTGRES, and SQLite): a redelivered
/// chunk counts once; the last chunk before or after VideoExtracted writes exactly one MuxVideo to the outbox; replicas
/// racing the last chunks (and the VideoExtracted) of many videos at once write exactly one each; a canceled video gets
/// none. The outbox is read directly (no dispatcher runs here), so "exactly one" is counted, not sampled.
/// </summary>
public sealed class VideoProgressDatabaseTests() : JobStateDatabaseTests("video")
{
    private const int Chunks = 4;
    private const int FramesPerChunk = 8;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_redelivered_chunk_counts_once(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        var jobId = await CreateVideoJobAsync(replica);

        Assert.False(await replica.Video.ApplyAsync(Frames(jobId, 0), CancellationToken.None));
        Assert.False(await replica.Video.ApplyAsync(Frames(jobId, 0), CancellationToken.None));

        var item = await ItemAsync(replica, jobId);
        Assert.Equal((1, FramesPerChunk), (item.ChunksDone, item.FramesDone));
        Assert.NotNull(item.FirstFramesAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_measured_span_runs_from_the_earliest_chunk_start_to_the_latest_end_whatever_order_they_are_applied_in(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        var jobId = await CreateVideoJobAsync(replica);
        var t0 = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

        // The second chunk's event is applied first (events race across consumers and replicas).
        await replica.Video.ApplyAsync(Frames(jobId, 1) with { StartedAt = t0.AddSeconds(4), CompletedAt = t0.AddSeconds(8) }, CancellationToken.None);
        await replica.Video.ApplyAsync(Frames(jobId, 0) with { StartedAt = t0, CompletedAt = t0.AddSeconds(4) }, CancellationToken.None);

        var item = await ItemAsync(replica, jobId);
        Assert.Equal((t0, t0.AddSeconds(8)), (item.FirstFramesAt, item.LastFramesAt));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_last_chunk_before_VideoExtracted_leaves_the_mux_to_VideoExtracted(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        var jobId = await CreateVideoJobAsync(replica);

        for (var c = 0; c < Chunks; c++)
            Assert.False(await replica.Video.ApplyAsync(Frames(jobId, c), CancellationToken.None));
        Assert.True(await replica.Video.ApplyAsync(Extracted(jobId), CancellationToken.None));
        // Redeliveries after the mux change nothing.
        Assert.False(await replica.Video.ApplyAsync(Extracted(jobId), CancellationToken.None));
        Assert.False(await replica.Video.ApplyAsync(Frames(jobId, Chunks - 1), CancellationToken.None));

        await AssertOneMuxAsync(replica, jobId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_last_chunk_after_VideoExtracted_writes_the_mux(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        var jobId = await CreateVideoJobAsync(replica);

        Assert.False(await replica.Video.ApplyAsync(Extracted(jobId), CancellationToken.None));
        for (var c = 0; c < Chunks - 1; c++)
            Assert.False(await replica.Video.ApplyAsync(Frames(jobId, c), CancellationToken.None));
        Assert.True(await replica.Video.ApplyAsync(Frames(jobId, Chunks - 1), CancellationToken.None));
        Assert.False(await replica.Video.ApplyAsync(Frames(jobId, Chunks - 1), CancellationToken.None));

        await AssertOneMuxAsync(replica, jobId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Replicas_racing_the_last_chunks_and_VideoExtracted_write_exactly_one_mux_per_video(string provider)
    {
        const int videos = 12;
        var replicas = await StartReplicasAsync(provider, 3);
        var jobIds = new List<Guid>();
        for (var v = 0; v < videos; v++)
            jobIds.Add(await CreateVideoJobAsync(replicas[0]));
        // Every video has its first chunks counted; then the last two chunks, each twice (a redelivery), and the
        // VideoExtracted go to three replicas at once, so any of them may be the one that completes the count.
        foreach (var jobId in jobIds)
            for (var c = 0; c < Chunks - 2; c++)
                await replicas[0].Video.ApplyAsync(Frames(jobId, c), CancellationToken.None);
        var work = new List<Func<Task<bool>>>();
        foreach (var (jobId, v) in jobIds.Select((id, v) => (id, v)))
        {
            work.Add(() => replicas[v % 3].Video.ApplyAsync(Frames(jobId, Chunks - 2), CancellationToken.None));
            work.Add(() => replicas[(v + 1) % 3].Video.ApplyAsync(Frames(jobId, Chunks - 1), CancellationToken.None));
            work.Add(() => replicas[(v + 2) % 3].Video.ApplyAsync(Frames(jobId, Chunks - 1), CancellationToken.None));
            work.Add(() => replicas[(v + 2) % 3].Video.ApplyAsync(Frames(jobId, Chunks - 2), CancellationToken.None));
            if (v % 2 == 0)
                work.Add(() => replicas[(v + 1) % 3].Video.ApplyAsync(Extracted(jobId), CancellationToken.None));
        }
        var won = await Task.WhenAll(work.OrderBy(_ => Random.Shared.Next()).Select(w => Task.Run(w)));
        // Odd videos get their VideoExtracted after the race: the count is final only then.
        foreach (var jobId in jobIds.Where((_, v) => v % 2 == 1))
            Assert.True(await replicas[2].Video.ApplyAsync(Extracted(jobId), CancellationToken.None));

        Assert.Equal(videos / 2, won.Count(w => w));
        foreach (var jobId in jobIds)
            await AssertOneMuxAsync(replicas[0], jobId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_canceled_video_gets_no_mux(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        var jobId = await CreateVideoJobAsync(replica);
        await replica.Video.ApplyAsync(Extracted(jobId), CancellationToken.None);
        for (var c = 0; c < Chunks - 1; c++)
            await replica.Video.ApplyAsync(Frames(jobId, c), CancellationToken.None);

        var (result, _) = await replica.Updater.CancelAsync(jobId, CancellationToken.None);
        Assert.Equal(CancelResult.Canceled, result);
        Assert.False(await replica.Video.ApplyAsync(Frames(jobId, Chunks - 1), CancellationToken.None));

        var item = await ItemAsync(replica, jobId);
        Assert.Equal((JobStatuses.Canceled, Chunks - 1), (item.Status, item.ChunksDone));
        Assert.Null(item.MuxSentAt);
        await using var ctx = replica.Db.Create();
        Assert.Equal(0, await ctx.OutboxMessages.CountAsync(m => m.MessageType == nameof(MuxVideo)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_chunk_of_an_unknown_item_is_ignored(string provider)
    {
        var replica = (await StartReplicasAsync(provider, 1))[0];
        Assert.False(await replica.Video.ApplyAsync(Frames(Guid.NewGuid(), 0), CancellationToken.None));
        await using var ctx = replica.Db.Create();
        Assert.Equal(0, await ctx.VideoChunks.CountAsync());
    }

    private static async Task AssertOneMuxAsync(JobStateReplica replica, Guid jobId)
    {
        await using var ctx = replica.Db.Create();
        var rows = await ctx.OutboxMessages.AsNoTracking().Where(m => m.Id == BusOutbox.MuxIdOf(jobId, 0)).ToListAsync();
        var row = Assert.Single(rows);
        var mux = (MuxVideo)BusOutbox.Deserialize(row);
        Assert.Equal((jobId, 0, Chunks, Chunks * FramesPerChunk, "30000/1001", "webm"), (mux.JobId, mux.ItemIndex, mux.Chunks, mux.Frames, mux.FrameRate, mux.Format));
        Assert.Equal((JobObjectKeys.Input(jobId, 0), JobObjectKeys.Result(jobId, 0, "webm"), "default"), (mux.InputKey, mux.ResultKey, mux.TenantId));
        Assert.Contains(row.MessageType, BusOutbox.VideoCommands);
        var item = await ItemAsync(replica, jobId);
        Assert.NotNull(item.MuxSentAt);
        Assert.Equal((Chunks, Chunks, Chunks * FramesPerChunk), (item.ChunksTotal, item.ChunksDone, item.FramesDone));
        Assert.Equal(Chunks, await ctx.VideoChunks.CountAsync(c => c.JobId == jobId));
    }

    private static async Task<Cartoon.Database.Rows.JobItemRow> ItemAsync(JobStateReplica replica, Guid jobId)
    {
        await using var ctx = replica.Db.Create();
        return await ctx.JobItems.AsNoTracking().SingleAsync(i => i.JobId == jobId && i.Index == 0);
    }

    /// <summary>A job of one video item (probe said 30 frames; the extractor will say 32), written as a submit writes it.</summary>
    private static async Task<Guid> CreateVideoJobAsync(JobStateReplica replica)
    {
        var jobId = Guid.CreateVersion7();
        var manifest = TestManifests.Create(jobId, DateTimeOffset.UtcNow, 1);
        manifest = manifest with
        {
            Items = [manifest.Items[0] with
            {
                Kind = ItemKinds.Video, VideoFormat = "webm", FramesTotal = 30, FrameRate = "30/1", InputFormat = "mp4",
                ResultKey = JobObjectKeys.Result(jobId, 0, "webm"),
            }],
        };
        await replica.Jobs.CreateAsync(manifest, CancellationToken.None);
        return jobId;
    }

    private static FramesCompleted Frames(Guid jobId, int chunk) => new()
    {
        EventId = StableIds.ForFrames(jobId, 0, chunk),
        JobId = jobId,
        ItemIndex = 0,
        Chunk = chunk,
        Frames = FramesPerChunk,
        Faces = 0,
        Device = "cpu",
        InferenceMs = 30,
        StartedAt = DateTimeOffset.UtcNow.AddMilliseconds(-40),
        CompletedAt = DateTimeOffset.UtcNow,
    };

    private static VideoExtracted Extracted(Guid jobId) => new()
    {
        EventId = StableIds.ForVideoExtracted(jobId, 0),
        JobId = jobId,
        ItemIndex = 0,
        Chunks = Chunks,
        Frames = Chunks * FramesPerChunk,
        FrameRate = "30000/1001",
        Width = 64,
        Height = 64,
        HasAudio = false,
        At = DateTimeOffset.UtcNow,
    };
}
