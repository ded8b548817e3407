using System.Text.RegularExpressions;
using Cartoon.Contracts;

namespace Cartoon.Deploy.Tests;

/// <summary>What video items need from the images and the chart: ffmpeg where it runs, the video queue scaled.</summary>
public sealed partial class VideoDeployTests
{
    [Theory]
    [InlineData("worker.Dockerfile")] // extraction and the mux
    [InlineData("gateway.Dockerfile")] // ffprobe at submit
    public void Images_install_ffmpeg(string dockerfile)
    {
        var text = File.ReadAllText(RepoPaths.Combine("deploy", "docker", dockerfile));
        var install = AptInstall().Match(text);
        Assert.True(install.Success, $"{dockerfile} installs no apt packages");
        Assert.Contains("ffmpeg", install.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Autoscaling_has_a_trigger_on_the_video_queue()
    {
        var scaled = File.ReadAllText(Path.Combine(RepoPaths.Chart, "templates", "worker-scaledobject.yaml"));
        // A clip waiting for extraction holds no tier message: without this trigger a scale-to-zero pool never wakes for it.
        Assert.Matches(new Regex($@"(?m)^\s+queueName: {Regex.Escape(VideoQueues.Video)}$"), scaled);
        Assert.Equal(2, Regex.Matches(scaled, @"(?m)^\s+- type: rabbitmq$").Count);
    }

    [GeneratedRegex(@"apt-get install -y --no-install-recommends ([^\\\n]+)")]
    private static partial Regex AptInstall();
}
