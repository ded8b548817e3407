using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Media;
using Cartoon.Media.Tests.Support;
using Cartoon.Worker.Consumers;
using Cartoon.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Worker.Tests.Video;

/// <summary>
/// Video items through the worker with real messages, the real engine and ffmpeg: the test is the gateway. The video
/// queue takes one message at a time, so a message sent after another is consumed after it: a sentinel tells that
/// the messages before it were handled, with no sleeping.
/// </summary>
public sealed class VideoWorkerTests(VideoWorkerHost host) : IClassFixture<VideoWorkerHost>
{
    [Fact]
    public async Task A_clip_is_extracted_into_chunks_on_its_tier_cartoonized_and_muxed_into_an_mp4_with_its_frames_duration_and_audio()
    {
        var job = Guid.NewGuid();
        var command = await host.ExtractAsync(job, File.ReadAllBytes(host.Clips.Mp4));
        var events = host.Events;
        await VideoWorkerHost.WaitUntilAsync(() => events.OutcomesOf(job).Count > 0
            || (events.Extracted.Any(e => e.JobId == job) && events.Frames.Where(f => f.JobId == job).Select(f => f.Chunk).Distinct().Count()
                == events.Extracted.First(e => e.JobId == job).Chunks), "the clip extracted and every chunk cartoonized");
        Assert.Empty(events.OutcomesOf(job));

        var extracted = Assert.Single(events.Extracted, e => e.JobId == job);
        Assert.Equal(StableIds.ForVideoExtracted(job, 0), extracted.EventId);
        Assert.Equal((Clips.FrameCount, 4, "15/1", Clips.Width, Clips.Height, true),
            (extracted.Frames, extracted.Chunks, extracted.FrameRate, extracted.Width, extracted.Height, extracted.HasAudio));

        // Every chunk went to the tier an image of the frame's size goes to, as one command of the group limit.
        var tier = host.Tiers.Resolve(host.Tiers.Engine.PlanFor(Clips.Width, Clips.Height, Detail.Standard));
        var consumed = events.FramesConsumed.Where(c => c.Command.JobId == job).ToList();
        Assert.Equal([0, 1, 2, 3], consumed.Select(c => c.Command.Chunk).Distinct().Order());
        Assert.All(consumed, c => Assert.Equal((tier.QueueName, tier.Name), (c.Queue, c.Command.Tier)));
        Assert.Equal([8, 8, 8, 6], consumed.DistinctBy(c => c.Command.Chunk).OrderBy(c => c.Command.Chunk).Select(c => c.Command.FrameCount));

        var frames = events.Frames.Where(f => f.JobId == job).DistinctBy(f => f.Chunk).ToList();
        Assert.Equal(Clips.FrameCount, frames.Sum(f => f.Frames));
        Assert.All(frames, f => Assert.Equal(StableIds.ForFrames(job, 0, f.Chunk), f.EventId));
        Assert.True(frames.Max(f => f.Faces) >= 1, "the portrait's face was not tracked into the chunks");

        var mux = new MuxVideo
        {
            JobId = job,
            ItemIndex = 0,
            TenantId = "test",
            InputKey = command.InputKey,
            ResultKey = JobObjectKeys.Result(job, 0, "mp4"),
            Format = "mp4",
            Chunks = extracted.Chunks,
            Frames = extracted.Frames,
            FrameRate = extracted.FrameRate,
            SubmittedAt = command.SubmittedAt,
        };
        await host.SendToVideoQueueAsync(mux);
        await VideoWorkerHost.WaitUntilAsync(() => events.OutcomesOf(job).Count > 0, "the item's outcome");

        var completed = Assert.IsType<ItemCompleted>(Assert.Single(events.OutcomesOf(job)));
        Assert.Equal((StableIds.ForItem(job, 0), mux.ResultKey, "video/mp4", Clips.Width, Clips.Height),
            (completed.EventId, completed.ResultKey, completed.ContentType, completed.Width, completed.Height));
        Assert.Equal(frames.Max(f => f.Faces), completed.Faces);
        Assert.Equal([ItemStages.Encoding, ItemStages.Storing], completed.Stages.Select(s => s.Stage));

        var result = await host.Store.GetAsync(mux.ResultKey);
        Assert.NotNull(result);
        var path = host.Clips.PathFor("result.mp4");
        await File.WriteAllBytesAsync(path, result.Data);
        var probe = Ffprobe.Streams(path, countFrames: true);
        var video = Ffprobe.Video(probe);
        Assert.Equal(Clips.FrameCount, (int)Ffprobe.Number(video, "nb_read_frames"));
        Assert.InRange(Ffprobe.Number(video, "duration"), 1.95, 2.05);
        Assert.NotNull(Ffprobe.Audio(probe));
        // Deleted right after ItemCompleted is published (not before: a redelivered mux that finds the frames gone relies
        // on the event being out).
        await VideoWorkerHost.WaitUntilAsync(() => !host.Store.ListAsync(JobObjectKeys.FramesPrefix(job, 0)).ToBlockingEnumerable().Any(),
            "the frame objects deleted");

        // The same MuxVideo again (a redelivery after success): nothing changes, no failure.
        await host.SendToVideoQueueAsync(mux);
        await SentinelAsync();
        Assert.IsType<ItemCompleted>(Assert.Single(events.OutcomesOf(job).DistinctBy(o => o.GetType())));
        Assert.Equal(result.Data, (await host.Store.GetAsync(mux.ResultKey))!.Data);

        // The video metrics (the sentinel ran after both muxes had returned): frames cartoonized, extractions, muxes.
        Assert.True(events.Measured.GetValueOrDefault("cartoon.video.frames") >= Clips.FrameCount);
        Assert.True(events.Measured.GetValueOrDefault("cartoon.video.extract") >= 2);
        Assert.True(events.Measured.GetValueOrDefault("cartoon.video.mux") >= 2);
    }

    [Fact]
    public async Task A_redelivered_extraction_rewrites_and_resends_the_same_chunks_and_a_gif_comes_out_a_gif()
    {
        var job = Guid.NewGuid();
        var command = await host.ExtractAsync(job, File.ReadAllBytes(host.Clips.Gif), "gif");
        await host.SendToVideoQueueAsync(command); // the same message again, as a redelivery would bring it
        var events = host.Events;
        await VideoWorkerHost.WaitUntilAsync(() => events.OutcomesOf(job).Count > 0
            || (events.Extracted.Count(e => e.JobId == job) == 2
                && events.Frames.Count(f => f.JobId == job) == 2 * events.Extracted.First(e => e.JobId == job).Chunks), "both runs done");
        Assert.Empty(events.OutcomesOf(job));

        var runs = events.Extracted.Where(e => e.JobId == job).ToList();
        Assert.Equal(runs[0] with { At = default }, runs[1] with { At = default });
        var extracted = runs[0];
        var sent = events.FramesConsumed.Where(c => c.Command.JobId == job).GroupBy(c => c.Command.Chunk).ToList();
        Assert.Equal(extracted.Chunks, sent.Count);
        Assert.All(sent, chunk => Assert.Equal(chunk.First(), Assert.Single(chunk.Distinct())));
        Assert.All(events.Frames.Where(f => f.JobId == job).GroupBy(f => f.Chunk),
            chunk => Assert.Single(chunk.Select(f => (f.EventId, f.Frames)).Distinct()));
        var stored = await ListAsync(JobObjectKeys.FramesPrefix(job, 0));
        Assert.Equal(extracted.Chunks, stored.Count(k => k.Contains("/in/", StringComparison.Ordinal)));

        await host.SendToVideoQueueAsync(new MuxVideo
        {
            JobId = job,
            ItemIndex = 0,
            TenantId = "test",
            InputKey = command.InputKey,
            ResultKey = JobObjectKeys.Result(job, 0, "gif"),
            Format = "gif",
            Chunks = extracted.Chunks,
            Frames = extracted.Frames,
            FrameRate = extracted.FrameRate,
            SubmittedAt = command.SubmittedAt,
        });
        await VideoWorkerHost.WaitUntilAsync(() => events.OutcomesOf(job).Count > 0, "the item's outcome");
        var completed = Assert.IsType<ItemCompleted>(Assert.Single(events.OutcomesOf(job)));
        Assert.Equal("image/gif", completed.ContentType);
        var path = host.Clips.PathFor("result.gif");
        await File.WriteAllBytesAsync(path, (await host.Store.GetAsync(completed.ResultKey))!.Data);
        var probe = Ffprobe.Streams(path, countFrames: true);
        Assert.Equal(extracted.Frames, (int)Ffprobe.Number(Ffprobe.Video(probe), "nb_read_frames"));
        Assert.Null(Ffprobe.Audio(probe));
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "zero-length", MediaRefusalCodes.Empty },
        { "text named .mp4", MediaRefusalCodes.UnsupportedFormat },
        { "truncated mp4", MediaRefusalCodes.InvalidMedia },
        { "mp4 claiming 10 h", MediaRefusalCodes.TooLong },
        { "gif claiming 16000x16000", MediaRefusalCodes.FrameTooLarge },
        { "mjpeg in mov", MediaRefusalCodes.UnsupportedCodec },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_file_fails_its_item_with_its_reason_and_the_worker_takes_the_next_message(string name, string reason)
    {
        var job = Guid.NewGuid();
        await host.ExtractAsync(job, HostileUpload(name));
        var next = Guid.NewGuid();
        await host.ExtractAsync(next, File.ReadAllBytes(host.Clips.Gif), "gif");

        var events = host.Events;
        await VideoWorkerHost.WaitUntilAsync(() => events.OutcomesOf(job).Count > 0, $"the outcome of the {name}");
        var failed = Assert.IsType<ItemFailed>(Assert.Single(events.OutcomesOf(job)));
        Assert.Equal(reason, failed.Reason);
        Assert.False(string.IsNullOrWhiteSpace(failed.Message));
        Assert.Equal(StableIds.ForItem(job, 0), failed.EventId);
        Assert.Contains(ItemStages.Fetching, failed.Stages.Select(s => s.Stage));

        // The worker is not wedged: the clip sent after the hostile file is extracted.
        await VideoWorkerHost.WaitUntilAsync(() => events.Extracted.Any(e => e.JobId == next) || events.OutcomesOf(next).Count > 0, "the next clip");
        Assert.Empty(events.OutcomesOf(next));
        Assert.DoesNotContain(events.FramesConsumed, c => c.Command.JobId == job);
        Assert.Empty(await ListAsync(JobObjectKeys.FramesPrefix(job, 0)));
    }

    [Fact]
    public async Task A_canceled_jobs_video_is_neither_extracted_nor_muxed()
    {
        var job = Guid.NewGuid();
        await host.Store.PutAsync(JobObjectKeys.CancelMarker(job), "{}"u8.ToArray(), "application/json");
        var command = await host.ExtractAsync(job, File.ReadAllBytes(host.Clips.Mp4));
        await host.SendToVideoQueueAsync(new MuxVideo
        {
            JobId = job,
            ItemIndex = 0,
            TenantId = "test",
            InputKey = command.InputKey,
            ResultKey = JobObjectKeys.Result(job, 0, "mp4"),
            Format = "mp4",
            Chunks = 1,
            Frames = 1,
            FrameRate = "15/1",
            SubmittedAt = command.SubmittedAt,
        });
        await SentinelAsync();

        var events = host.Events;
        Assert.DoesNotContain(events.Extracted, e => e.JobId == job);
        Assert.Empty(events.OutcomesOf(job));
        Assert.DoesNotContain(events.Staged, s => s.Items.Any(i => i.JobId == job));
        // Chunks are sent only after they are stored: none stored, none sent.
        Assert.Empty(await ListAsync(JobObjectKeys.FramesPrefix(job, 0)));
        Assert.False(await host.Store.ExistsAsync(JobObjectKeys.Result(job, 0, "mp4")));
    }

    [Fact]
    public async Task A_job_canceled_during_extraction_stops_between_chunks_and_sends_no_chunk_after()
    {
        var job = Guid.NewGuid();
        // Canceled once chunk 1 is stored: chunk 1 is still sent (it was checked before), chunk 2 finds the marker.
        host.Events.CancelWhenStored[JobObjectKeys.FrameChunk(job, 0, 1)] = job;
        await host.ExtractAsync(job, File.ReadAllBytes(host.Clips.Mp4));
        await SentinelAsync();

        var events = host.Events;
        Assert.DoesNotContain(events.Extracted, e => e.JobId == job);
        Assert.Empty(events.OutcomesOf(job));
        var stored = (await ListAsync(JobObjectKeys.FramesPrefix(job, 0))).Where(k => k.Contains("/in/", StringComparison.Ordinal)).Order();
        Assert.Equal([JobObjectKeys.FrameChunk(job, 0, 0), JobObjectKeys.FrameChunk(job, 0, 1)], stored);
        // Only the chunks sent before the cancel reached a tier (chunk 0 may even have run before the marker was written).
        Assert.DoesNotContain(events.FramesConsumed, c => c.Command.JobId == job && c.Command.Chunk > 1);
        Assert.DoesNotContain(events.Frames, f => f.JobId == job && f.Chunk > 1);
    }

    [Fact]
    public async Task An_output_format_the_mux_cannot_write_fails_the_item_before_any_frame_is_extracted()
    {
        var job = Guid.NewGuid();
        await host.ExtractAsync(job, File.ReadAllBytes(host.Clips.Mp4), format: "png");

        await VideoWorkerHost.WaitUntilAsync(() => host.Events.OutcomesOf(job).Count > 0, "the item's outcome");
        var failed = Assert.IsType<ItemFailed>(Assert.Single(host.Events.OutcomesOf(job)));
        Assert.Equal(FailureReasons.InvalidOptions, failed.Reason);
        Assert.Empty(await ListAsync(JobObjectKeys.FramesPrefix(job, 0)));
    }

    [Fact]
    public async Task A_chunk_whose_frames_are_gone_fails_its_item_rather_than_leaving_it_waiting()
    {
        var job = Guid.NewGuid();
        var tier = host.Tiers.Resolve(Clips.Width, Clips.Height);
        var endpoint = await host.Services.GetRequiredService<IBus>()
            .GetSendEndpoint(host.Services.GetRequiredService<TierSendAddresses>().For(tier));
        await endpoint.Send(new CartoonizeFrames
        {
            JobId = job,
            ItemIndex = 0,
            TenantId = "test",
            Chunk = 0,
            FirstFrame = 0,
            FrameCount = 8,
            FramesKey = JobObjectKeys.FrameChunk(job, 0, 0),
            FacesKey = JobObjectKeys.FrameFaces(job, 0, 0),
            ResultKey = JobObjectKeys.CartoonChunk(job, 0, 0),
            Style = Styles.Default,
            Strength = 1f,
            WorkWidth = Clips.Width,
            WorkHeight = Clips.Height,
            Tier = tier.Name,
            SubmittedAt = DateTimeOffset.UtcNow,
        });

        await VideoWorkerHost.WaitUntilAsync(() => host.Events.OutcomesOf(job).Count > 0, "the item's outcome");
        var failed = Assert.IsType<ItemFailed>(Assert.Single(host.Events.OutcomesOf(job)));
        Assert.Equal((FailureReasons.Internal, StableIds.ForItem(job, 0)), (failed.Reason, failed.EventId));
        Assert.DoesNotContain(host.Events.Frames, f => f.JobId == job);
    }

    [Fact]
    public void Raw_is_not_a_format_users_can_ask_for()
    {
        Assert.False(ItemMapping.TryParseFormat("raw", out _));
        Assert.False(ItemMapping.TryParseFormat("Raw", out _));
    }

    /// <summary>A zero-length upload after everything sent so far; its failure means the video queue got past them.</summary>
    private async Task SentinelAsync()
    {
        var sentinel = Guid.NewGuid();
        await host.ExtractAsync(sentinel, []);
        await VideoWorkerHost.WaitUntilAsync(() => host.Events.OutcomesOf(sentinel).Count > 0, "the sentinel's outcome");
    }

    private async Task<List<string>> ListAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var blob in host.Store.ListAsync(prefix))
            keys.Add(blob.Key);
        return keys;
    }

    private byte[] HostileUpload(string name)
    {
        switch (name)
        {
            case "zero-length":
                return [];
            case "text named .mp4":
                return "this is not a video, just text named clip.mp4\n"u8.ToArray();
            case "truncated mp4":
                return HostileFiles.Truncated(host.Clips.Mp4, 0.5);
            case "mp4 claiming 10 h":
                return Mp4Boxes.StretchFirstTrack(File.ReadAllBytes(host.Clips.Mp4), 18_000); // 2 s × 18 000 = 10 h
            case "gif claiming 16000x16000":
                return HostileFiles.Gif(side: 16_000, frames: 3);
            case "mjpeg in mov":
                var path = host.Clips.PathFor("mjpeg.mov");
                Tool.Run("ffmpeg", "-nostdin", "-f", "lavfi", "-i", "testsrc=s=64x48:r=5:d=0.4", "-c:v", "mjpeg", "-y", path);
                return File.ReadAllBytes(path);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }
}
