using System.Collections.Concurrent;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Media;
using Cartoon.Media.Tests.Support;
using Cartoon.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Integration.Tests.Worker;

/// <summary>
/// A video item through a worker on the real RabbitMQ and S3, with the real engine (CPU) and ffmpeg; the test is the
/// gateway: it stores the upload, sends ExtractVideo to the video queue, waits for VideoExtracted and every chunk's
/// FramesCompleted, sends MuxVideo and judges the result with ffprobe.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class VideoWorkerTests
{
    [Fact]
    public async Task A_clip_goes_through_the_video_queue_and_its_tier_queue_into_an_mp4_and_a_hostile_file_after_it_fails_alone()
    {
        await using var rabbit = await RabbitMqEndpoint.AcquireAsync();
        var bucket = ServicesFixture.NewBucketName("video");
        var prefix = WorkerHost.NewPrefix();
        var videoQueue = $"{prefix}-video";
        using var clips = new Clips();
        try
        {
            await using var worker = await WorkerHost.StartAsync(rabbit, bucket, prefix,
                settings: new Dictionary<string, string?> { ["Video:QueueName"] = videoQueue, ["Media:Threads"] = "2" });
            var extracted = new ConcurrentQueue<VideoExtracted>();
            var frames = new ConcurrentQueue<FramesCompleted>();
            var bus = worker.Services.GetRequiredService<IBus>();
            var events = bus.ConnectReceiveEndpoint($"{prefix}-video-events", e =>
            {
                e.Handler<VideoExtracted>(c => { extracted.Enqueue(c.Message); return Task.CompletedTask; });
                e.Handler<FramesCompleted>(c => { frames.Enqueue(c.Message); return Task.CompletedTask; });
            });
            await events.Ready;
            var video = await bus.GetSendEndpoint(worker.Services.GetRequiredService<TierSendAddresses>().ForQueue(videoQueue));

            var job = Guid.NewGuid();
            var command = new ExtractVideo
            {
                JobId = job,
                ItemIndex = 0,
                TenantId = "it",
                InputKey = JobObjectKeys.Input(job, 0),
                Style = Styles.Default,
                Strength = 1f,
                Format = "mp4",
                SubmittedAt = DateTimeOffset.UtcNow,
            };
            await worker.Store.PutAsync(command.InputKey, await File.ReadAllBytesAsync(clips.Mp4), "video/mp4");
            await video.Send(command);

            await WaitUntilAsync(() => worker.Outcomes.For(job).Count > 0
                || (extracted.Any(e => e.JobId == job)
                    && frames.Where(f => f.JobId == job).Select(f => f.Chunk).Distinct().Count() == extracted.First(e => e.JobId == job).Chunks));
            Assert.Empty(worker.Outcomes.For(job));
            var done = Assert.Single(extracted, e => e.JobId == job);
            var tier = worker.Tiers.Resolve(worker.Tiers.Engine.PlanFor(Clips.Width, Clips.Height, Detail.Standard));
            var perChunk = Math.Min(tier.GroupLimit, 16);
            Assert.Equal((Clips.FrameCount, (Clips.FrameCount + perChunk - 1) / perChunk, "15/1", true),
                (done.Frames, done.Chunks, done.FrameRate, done.HasAudio));
            Assert.Equal(Clips.FrameCount, frames.Where(f => f.JobId == job).DistinctBy(f => f.Chunk).Sum(f => f.Frames));
            if (rabbit.ManagementUri is not null)
                Assert.Equal("quorum", await RabbitAdmin.QueueTypeAsync(rabbit, videoQueue));

            await video.Send(new MuxVideo
            {
                JobId = job,
                ItemIndex = 0,
                TenantId = "it",
                InputKey = command.InputKey,
                ResultKey = JobObjectKeys.Result(job, 0, "mp4"),
                Format = "mp4",
                Chunks = done.Chunks,
                Frames = done.Frames,
                FrameRate = done.FrameRate,
                SubmittedAt = command.SubmittedAt,
            });
            var completed = Assert.IsType<ItemCompleted>(Assert.Single(await worker.WaitForOutcomesAsync(job, 1)));
            Assert.Equal(("video/mp4", Clips.Width, Clips.Height), (completed.ContentType, completed.Width, completed.Height));
            var path = clips.PathFor("result.mp4");
            await File.WriteAllBytesAsync(path, (await worker.Store.GetAsync(completed.ResultKey))!.Data);
            var probe = Ffprobe.Streams(path, countFrames: true);
            Assert.Equal(Clips.FrameCount, (int)Ffprobe.Number(Ffprobe.Video(probe), "nb_read_frames"));
            Assert.InRange(Ffprobe.Number(Ffprobe.Video(probe), "duration"), 1.95, 2.05);
            Assert.NotNull(Ffprobe.Audio(probe));
            // Deleted right after ItemCompleted is published (not before: a redelivered mux that finds the frames gone
            // relies on the event being out).
            await WaitUntilAsync(() => !worker.Store.ListAsync(JobObjectKeys.FramesPrefix(job, 0)).ToBlockingEnumerable().Any());

            // A truncated upload fails its item with the media layer's reason; the queue goes on.
            var hostile = Guid.NewGuid();
            await worker.Store.PutAsync(JobObjectKeys.Input(hostile, 0), HostileFiles.Truncated(clips.Mp4, 0.5), "video/mp4");
            await video.Send(command with { JobId = hostile, InputKey = JobObjectKeys.Input(hostile, 0) });
            var failed = Assert.IsType<ItemFailed>(Assert.Single(await worker.WaitForOutcomesAsync(hostile, 1)));
            Assert.Equal(MediaRefusalCodes.InvalidMedia, failed.Reason);
        }
        finally
        {
            await RabbitAdmin.DeleteQueuesAsync(rabbit, prefix);
            await S3Admin.DeleteBucketAsync(ServicesFixture.Instance, bucket);
        }
    }

    [Fact]
    public async Task A_sender_without_worker_declares_the_video_queue_as_a_quorum_queue_and_keeps_what_it_sends_for_a_later_worker()
    {
        await using var rabbit = await RabbitMqEndpoint.AcquireAsync();
        if (rabbit.ManagementUri is null)
            return; // the queue type is read from the management API
        var bucket = ServicesFixture.NewBucketName("video-topology");
        var prefix = WorkerHost.NewPrefix();
        var settings = new Dictionary<string, string?> { ["Video:QueueName"] = $"{prefix}-video" };
        try
        {
            var job = Guid.NewGuid();
            // The sender stays up while the worker starts (MassTransit keeps the first bus's logger factory in a static
            // context: a bus built after that host was disposed fails); the worker still starts after the send.
            await using var sender = await WorkerHost.StartAsync(rabbit, bucket, prefix, hostWorker: false, settings: settings, deleteQueuesOnDispose: false);
            {
                Assert.Equal("quorum", await RabbitAdmin.QueueTypeAsync(rabbit, $"{prefix}-video"));
                await sender.Store.PutAsync(JobObjectKeys.Input(job, 0), "not a video"u8.ToArray(), "video/mp4");
                var endpoint = await sender.Services.GetRequiredService<IBus>()
                    .GetSendEndpoint(sender.Services.GetRequiredService<TierSendAddresses>().ForQueue($"{prefix}-video"));
                await endpoint.Send(new ExtractVideo
                {
                    JobId = job,
                    ItemIndex = 0,
                    TenantId = "it",
                    InputKey = JobObjectKeys.Input(job, 0),
                    Style = Styles.Default,
                    Strength = 1f,
                    Format = "mp4",
                    SubmittedAt = DateTimeOffset.UtcNow,
                });
            }

            await using var worker = await WorkerHost.StartAsync(rabbit, bucket, prefix, settings: settings);
            var failed = Assert.IsType<ItemFailed>(Assert.Single(await worker.WaitForOutcomesAsync(job, 1)));
            Assert.Equal(MediaRefusalCodes.UnsupportedFormat, failed.Reason);
        }
        finally
        {
            await RabbitAdmin.DeleteQueuesAsync(rabbit, prefix);
            await S3Admin.DeleteBucketAsync(ServicesFixture.Instance, bucket);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Waited in vain (3 min).");
            await Task.Delay(100);
        }
    }
}
