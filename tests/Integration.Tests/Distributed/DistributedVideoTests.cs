using System.Net;
using System.Net.Http.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Worker;
using Cartoon.Tests.Shared.Video;
using Xunit.Abstractions;

namespace Cartoon.Integration.Tests.Distributed;

/// <summary>
/// The clip in distributed mode: HTTP submit to a gateway without a worker → the upload in S3 → ExtractVideo
/// over RabbitMQ to the worker → frame chunks in S3, one CartoonizeFrames per chunk on the tier queue → FramesCompleted
/// counted in PostgreSQL/SQLite by the gateway → the one MuxVideo from its outbox → the worker's mux → ItemCompleted →
/// the job's completed webhook. The result, fetched through the presigned S3 URL, is judged by ffprobe and by its
/// flicker against the clip.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class DistributedVideoTests(InProcessStack stack, ITestOutputHelper output) : IClassFixture<InProcessStack>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cartoon-distributed-video-").FullName;

    [Fact]
    public async Task The_portrait_clip_is_cartoonized_by_the_worker_whole_with_its_audio_and_one_completed_webhook()
    {
        var clip = PortraitVideoJob.Mp4(_directory);
        using var client = stack.Gateway.Client();
        using var response = await client.PostAsync("/v1/jobs", E2eImages.Form([("portrait.mp4", await File.ReadAllBytesAsync(clip))],
            ("maxSide", PortraitVideoJob.MaxSide.ToString()), ("webhook", stack.Webhooks.Url)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<JobView>(InProcessGateway.Json))!;
        var video = Assert.Single(submitted.Items);
        Assert.Equal((ItemKinds.Video, PortraitVideoJob.Frames), (video.Kind, video.Video!.FramesTotal));

        var job = await stack.Gateway.WaitUntilTerminalAsync(submitted.Id, TimeSpan.FromMinutes(4));
        var item = Assert.Single(job.Items);
        Assert.True(job.Status == JobStatuses.Succeeded, $"{item.Status} {item.Reason} {item.Message}");
        Assert.Equal((PortraitVideoJob.Frames, PortraitVideoJob.Frames), (item.Video!.FramesDone, item.Video.FramesTotal));
        Assert.Equal("cpu", item.Device); // the worker process's engine, not the gateway's
        Assert.Equal(("video/mp4", 240, 180), (item.Result!.ContentType, item.Result.Width, item.Result.Height));

        var result = Path.Combine(_directory, "result.mp4");
        await File.WriteAllBytesAsync(result, await PortraitVideoJob.DownloadAsync(client, item.Result.Url));
        var probed = ProbedClip.Read(result);
        Assert.Equal(("h264", 240, 180, PortraitVideoJob.Frames, "aac"), (probed.VideoCodec, probed.Width, probed.Height, probed.Frames, probed.AudioCodec));
        Assert.InRange(probed.Duration, 1.9, 2.15);
        var flicker = PortraitVideoJob.FlickerRatio(clip, result, 240, 180);
        output.WriteLine($"flicker ratio (result / clip, whole frames): {flicker:F3}");
        Assert.InRange(flicker, 0.05, PortraitVideoJob.MaxFlickerRatio);

        var hook = Assert.Single(await stack.Webhooks.WaitForAsync(job.Id, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("completed", hook.Json.GetProperty("type").GetString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
