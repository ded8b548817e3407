using System.Diagnostics;
using System.Net;
using Cartoon.Gateway.Jobs;
using Cartoon.Tests.Shared.Video;
using Xunit.Abstractions;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>
/// kill -9 of the worker while a clip's frames go through (gateway and workers as processes on RabbitMQ, S3 and the
/// database): whatever the dead worker held unacked (the extraction, a chunk, or both) is redelivered to the next one,
/// chunk objects and event ids are the same on the second run, the gateway counts each chunk once, and the clip comes
/// back whole.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class VideoWorkerKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Frames = 60;
    private readonly string _directory = Directory.CreateTempSubdirectory("cartoon-video-kill-").FullName;

    [Fact]
    public async Task A_clip_comes_back_whole_after_its_worker_is_killed_midway_and_another_starts()
    {
        await using var stack = await ProcessStack.CreateAsync();
        using var report = new Finally(() => stack.LogOutputsTo(output));
        var gateway = await stack.StartGatewayAsync();
        var api = new JobsApi(() => gateway);
        var clip = PortraitClip.Mp4(TestPaths.Sample(TestPaths.Portrait), Path.Combine(_directory, "clip.mp4"), 320, 240, Frames, fps: 12);

        var answer = await api.SubmitAsync([("clip.mp4", await File.ReadAllBytesAsync(clip))]);
        Assert.True(answer.Accepted, $"{answer} {answer.Body}");
        var id = answer.Job!.Id;
        Assert.Equal(Frames, Assert.Single(answer.Job.Items).Video!.FramesTotal);

        var clock = Stopwatch.StartNew();
        var first = await stack.StartWorkerAsync(Warm320());
        // Some chunks counted, not all: the worker is in the middle of the clip.
        int doneAtKill;
        while (true)
        {
            var item = (await api.GetAsync(id)).Items[0];
            doneAtKill = item.Video!.FramesDone;
            if (doneAtKill >= 2 * ProcessStack.GroupSize)
                break;
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"no progress: {item.Status} {item.Reason} {stack.DescribeAll()}");
            await Task.Delay(100);
        }
        first.Kill();
        Assert.Equal(137, first.ExitCode);
        Assert.True(doneAtKill < Frames, $"the clip finished before the kill ({doneAtKill} frames)");

        await stack.StartWorkerAsync(Warm320());
        var job = Assert.Single(await api.WaitAllTerminalAsync([id], TimeSpan.FromMinutes(4), stack.DescribeAll));
        var video = Assert.Single(job.Items);
        Assert.True(job.Status == JobStatuses.Succeeded, $"{video.Status} {video.Reason} {video.Message}");
        Assert.Equal((Frames, Frames), (video.Video!.FramesDone, video.Video.FramesTotal)); // each chunk counted once

        using var http = gateway.CreateClient();
        var result = Path.Combine(_directory, "result.mp4");
        await File.WriteAllBytesAsync(result, await PortraitVideoJob.DownloadAsync(http, $"/v1/jobs/{id}/items/0/result"));
        var probed = ProbedClip.Read(result);
        Assert.Equal((320, 240, Frames, "aac"), (probed.Width, probed.Height, probed.Frames, probed.AudioCodec));
        stack.AssertNoCrash();
        output.WriteLine($"video worker kill -9 at {doneAtKill}/{Frames} frames: the clip completed whole {clock.Elapsed.TotalSeconds:F1} s after the first worker started");
    }

    /// <summary>The clip's shape warmed instead of the pictures' (a cold shape would only slow the first chunk).</summary>
    private static Dictionary<string, string?> Warm320() => new()
    {
        ["Engine:BucketSides:1"] = "320",
        ["Engine:WarmUpShapes:0"] = "320x240",
    };

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
