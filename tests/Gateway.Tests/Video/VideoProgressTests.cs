using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Database;
using Cartoon.Gateway.Jobs;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Gateway.Tests.Video;

/// <summary>
/// A video item after its submit, on the real gateway (SQLite, in-memory bus, the outbox dispatcher): the test plays the
/// video workers by publishing their events (VideoExtracted, FramesCompleted, the outcome) and reading the video queue.
/// </summary>
public sealed class VideoProgressTests(VideoClips clips) : IClassFixture<VideoClips>, IAsyncLifetime
{
    private const int Chunks = 2;

    private readonly GatewayApp _app = new();
    private VideoQueueTap _video = null!;

    public async Task InitializeAsync()
    {
        _app.Start();
        _video = await VideoQueueTap.StartAsync(_app);
    }

    public async Task DisposeAsync()
    {
        await _video.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_last_chunk_before_or_after_VideoExtracted_sends_one_MuxVideo_with_the_final_counts(bool extractedFirst)
    {
        var job = await SubmitClipAsync();
        if (extractedFirst)
            await _app.Bus.Publish(Extracted(job.Id));
        await _app.Bus.Publish(Frames(job.Id, chunk: 0, frames: 6));
        await _app.Bus.Publish(Frames(job.Id, chunk: 1, frames: 4));
        await _app.WaitForAsync(job.Id, j => j.Items[0].Video!.FramesDone == VideoClips.Frames);
        if (!extractedFirst)
        {
            Assert.Empty(_video.Muxes); // the chunk count is not final before VideoExtracted
            await _app.Bus.Publish(Extracted(job.Id));
        }

        var mux = await VideoSubmitTests.EventuallyAsync(() => _video.Muxes.SingleOrDefault(m => m.JobId == job.Id));
        Assert.Equal((0, Chunks, VideoClips.Frames, "10/1", "mp4"), (mux.ItemIndex, mux.Chunks, mux.Frames, mux.FrameRate, mux.Format));
        Assert.Equal((JobObjectKeys.Input(job.Id, 0), JobObjectKeys.Result(job.Id, 0, "mp4")), (mux.InputKey, mux.ResultKey));
        Assert.NotNull(await MuxSentAtAsync(job.Id));
    }

    [Fact]
    public async Task A_redelivered_chunk_counts_once_and_the_view_shows_frames_rate_and_eta()
    {
        var job = await SubmitClipAsync();
        var started = DateTimeOffset.UtcNow;
        var chunk = Frames(job.Id, chunk: 0, frames: 4, started, started.AddSeconds(2));
        await _app.Bus.Publish(chunk);
        await _app.WaitForAsync(job.Id, j => j.Items[0].Video!.FramesDone > 0);
        // The redelivery, applied as the consumer applies it (awaited, so its effect, if any, is in the database now).
        var writer = _app.Services.GetRequiredService<VideoProgressWriter>();
        Assert.False(await writer.ApplyAsync(chunk, CancellationToken.None));

        var view = await _app.GetJobAsync(job.Id);
        var video = view.Items[0].Video!;
        Assert.Equal(4, video.FramesDone);
        Assert.Equal((1, 1, 4), CountOf(job.Id));
        Assert.Equal(2.0, video.FramesPerSecond); // 4 frames from the chunk's start to its end, 2 s
        Assert.Equal(3.0, video.EtaSeconds); // 6 frames left at 2 frames/s
        Assert.Equal(40.0, view.Progress.Percent); // 4 of 10 frames of the job's only item
        Assert.Equal(JobStatuses.Queued, view.Items[0].Status); // frames alone do not move the status: stage events do
        Assert.Empty(_video.Muxes);
    }

    [Fact]
    public async Task The_event_stream_sends_item_progress_as_frames_are_counted()
    {
        var job = await SubmitClipAsync();
        using var client = _app.CreateClient();
        await using var stream = await Cartoon.Tests.Shared.Streaming.SseClient.OpenAsync(client, $"/v1/jobs/{job.Id}/events");
        var first = (await stream.ReadUntilAsync("job", TimeSpan.FromSeconds(15))).Single();
        Assert.Equal("video", first.Json.GetProperty("items")[0].GetProperty("kind").GetString());

        await _app.Bus.Publish(Frames(job.Id, 0, 6));
        var progress = (await stream.ReadUntilAsync("item.progress", TimeSpan.FromSeconds(15)))[^1];
        Assert.Equal(6, progress.Json.GetProperty("item").GetProperty("video").GetProperty("framesDone").GetInt32());
        Assert.Equal("1.0", progress.Id); // progress moves no stage: the resumable cursor is unchanged

        await _app.Bus.Publish(Frames(job.Id, 1, 4));
        progress = (await stream.ReadUntilAsync("item.progress", TimeSpan.FromSeconds(15)))[^1];
        Assert.Equal(VideoClips.Frames, progress.Json.GetProperty("item").GetProperty("video").GetProperty("framesDone").GetInt32());
    }

    [Fact]
    public async Task The_outcome_completes_the_job_as_for_an_image()
    {
        var job = await SubmitClipAsync();
        await _app.Bus.Publish(Extracted(job.Id));
        await _app.Bus.Publish(Frames(job.Id, 0, 6));
        await _app.Bus.Publish(Frames(job.Id, 1, 4));
        await VideoSubmitTests.EventuallyAsync(() => _video.Muxes.SingleOrDefault(m => m.JobId == job.Id));
        await _app.Bus.Publish(Events.Completed(job.Id, 0, JobObjectKeys.Result(job.Id, 0, "mp4")) with { ContentType = "video/mp4" });

        var done = await _app.WaitForAsync(job.Id, j => j.IsTerminal());
        Assert.Equal(JobStatuses.Succeeded, done.Status);
        var item = Assert.Single(done.Items);
        Assert.Equal(("video/mp4", VideoClips.Frames), (item.Result!.ContentType, item.Video!.FramesDone));
        Assert.Null(item.Video.EtaSeconds);
    }

    [Fact]
    public async Task A_canceled_video_gets_no_mux_even_when_its_last_chunk_lands_afterwards()
    {
        var job = await SubmitClipAsync();
        await _app.Bus.Publish(Extracted(job.Id));
        await _app.Bus.Publish(Frames(job.Id, 0, 6));
        await _app.WaitForAsync(job.Id, j => j.Items[0].Video!.FramesDone == 6);

        using var client = _app.CreateClient();
        using var cancel = await client.PostAsync($"/v1/jobs/{job.Id}/cancel", null);
        Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
        await _app.Bus.Publish(Frames(job.Id, 1, 4));
        // The chunk is recorded (its row: a redelivery stays a no-op) but the canceled item is not counted or muxed.
        await WaitUntilAsync(() => CountOf(job.Id).Total == 2);

        var view = await _app.GetJobAsync(job.Id);
        Assert.Equal((JobStatuses.Canceled, JobStatuses.Canceled), (view.Status, view.Items[0].Status));
        Assert.Equal(6, view.Items[0].Video!.FramesDone);
        Assert.Null(await MuxSentAtAsync(job.Id));
        Assert.Empty(_video.Muxes);
        Assert.True(await _app.Store.ExistsAsync(JobObjectKeys.CancelMarker(job.Id)));
    }

    [Fact]
    public async Task A_faulted_extraction_fails_the_item_with_internal_error()
    {
        await _video.DisposeAsync();
        _video = await VideoQueueTap.StartAsync(_app, failExtraction: true);
        var job = await SubmitClipAsync();

        var done = await _app.WaitForAsync(job.Id, j => j.IsTerminal());
        var item = Assert.Single(done.Items);
        Assert.Equal((JobStatuses.Failed, "internal_error"), (item.Status, item.Reason));
        Assert.DoesNotContain("ffmpeg", item.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_faulted_mux_fails_the_item_with_internal_error()
    {
        await _video.DisposeAsync();
        _video = await VideoQueueTap.StartAsync(_app, failMux: true);
        var job = await SubmitClipAsync();
        await _app.Bus.Publish(Extracted(job.Id));
        await _app.Bus.Publish(Frames(job.Id, 0, 6));
        await _app.Bus.Publish(Frames(job.Id, 1, 4));

        var done = await _app.WaitForAsync(job.Id, j => j.IsTerminal());
        var item = Assert.Single(done.Items);
        Assert.Equal((JobStatuses.Failed, "internal_error"), (item.Status, item.Reason));
        Assert.Single(_video.Muxes);
    }

    [Fact]
    public async Task A_chunk_whose_inference_faulted_fails_the_whole_video_item()
    {
        var job = await SubmitClipAsync();
        await _app.Bus.Publish(Extracted(job.Id));
        // A tier worker whose CartoonizeFrames consumer throws after its retries: MassTransit publishes the fault.
        var tier = _app.Bus.ConnectReceiveEndpoint("test-failing-frames", e =>
            e.Handler<CartoonizeFrames>(_ => throw new InvalidOperationException("inference exploded (test)")));
        await tier.Ready;
        try
        {
            var endpoint = await _app.Bus.GetSendEndpoint(new Uri("queue:test-failing-frames"));
            await endpoint.Send(new CartoonizeFrames
            {
                JobId = job.Id, ItemIndex = 0, TenantId = "default", Chunk = 1, FirstFrame = 6, FrameCount = 4,
                FramesKey = JobObjectKeys.FrameChunk(job.Id, 0, 1), FacesKey = JobObjectKeys.FrameFaces(job.Id, 0, 1),
                ResultKey = JobObjectKeys.CartoonChunk(job.Id, 0, 1), Style = "anime", Strength = 1f, WorkWidth = 320, WorkHeight = 240,
                Tier = "s", SubmittedAt = DateTimeOffset.UtcNow,
            });

            var done = await _app.WaitForAsync(job.Id, j => j.IsTerminal());
            var item = Assert.Single(done.Items);
            Assert.Equal((JobStatuses.Failed, "internal_error"), (item.Status, item.Reason));
            Assert.Empty(_video.Muxes);
        }
        finally
        {
            await tier.StopAsync();
        }
    }

    [Fact]
    public async Task Deleting_the_job_removes_the_video_input_and_its_frame_objects_with_the_rest_of_its_objects()
    {
        var job = await SubmitClipAsync();
        Assert.True(await _app.Store.ExistsAsync(JobObjectKeys.Input(job.Id, 0)));
        // What the video workers leave under the job's prefix while it runs: frames, tracked faces, cartoon frames, the result.
        string[] workerObjects =
        [
            JobObjectKeys.FrameChunk(job.Id, 0, 0), JobObjectKeys.FrameFaces(job.Id, 0, 0),
            JobObjectKeys.CartoonChunk(job.Id, 0, 0), JobObjectKeys.Result(job.Id, 0, "mp4"),
        ];
        foreach (var key in workerObjects)
            await _app.Store.PutAsync(key, new byte[] { 1, 2, 3 }, "application/octet-stream");

        using var client = _app.CreateClient();
        using var deleted = await client.DeleteAsync($"/v1/jobs/{job.Id}");
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        await WaitUntilAsync(() => _app.JobCount() == 0);
        foreach (var key in workerObjects)
            Assert.False(await _app.Store.ExistsAsync(key), key);
    }

    private async Task<JobView> SubmitClipAsync()
    {
        using var client = _app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(("clip.mp4", File.ReadAllBytes(clips.Mp4))));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonSerializer.Deserialize<JobView>(body, GatewayApp.Json)!;
    }

    private static VideoExtracted Extracted(Guid jobId) => new()
    {
        EventId = StableIds.ForVideoExtracted(jobId, 0),
        JobId = jobId,
        ItemIndex = 0,
        Chunks = Chunks,
        Frames = VideoClips.Frames,
        FrameRate = "10/1",
        Width = 64,
        Height = 48,
        HasAudio = true,
        At = DateTimeOffset.UtcNow,
    };

    private static FramesCompleted Frames(Guid jobId, int chunk, int frames, DateTimeOffset? startedAt = null, DateTimeOffset? completedAt = null) => new()
    {
        EventId = StableIds.ForFrames(jobId, 0, chunk),
        JobId = jobId,
        ItemIndex = 0,
        Chunk = chunk,
        Frames = frames,
        Faces = 1,
        Device = "cpu",
        InferenceMs = 40,
        StartedAt = startedAt ?? DateTimeOffset.UtcNow.AddMilliseconds(-50),
        CompletedAt = completedAt ?? DateTimeOffset.UtcNow,
    };

    private (int Total, int Done, int Frames) CountOf(Guid jobId)
    {
        using var ctx = _app.Services.GetRequiredService<CartoonDb>().Create();
        var total = ctx.VideoChunks.Count(c => c.JobId == jobId);
        var item = ctx.JobItems.AsNoTracking().Single(i => i.JobId == jobId && i.Index == 0);
        return (total, item.ChunksDone, item.FramesDone);
    }

    private async Task<DateTimeOffset?> MuxSentAtAsync(Guid jobId)
    {
        await using var ctx = _app.Services.GetRequiredService<CartoonDb>().Create();
        return await ctx.JobItems.Where(i => i.JobId == jobId).Select(i => i.MuxSentAt).SingleAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition never held");
            await Task.Delay(20);
        }
    }
}
