using System.Net;
using System.Net.Http.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Tests.Shared.Video;
using Xunit.Abstractions;

namespace Cartoon.Gateway.Tests.Video;

/// <summary>
/// The clip in the embedded default (one process: gateway, worker, engine on CPU, SQLite, file store): 2 s of
/// the portrait panned and zoomed at 15 fps with a tone, asked at maxSide 240. The result decodes (ffprobe) to every
/// frame over the same duration, with the audio, at the size asked, and flickers no more than the clip moves; an
/// animated GIF and an animated WebP come back animated, frame for frame.
/// </summary>
public sealed class EmbeddedPortraitVideoTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cartoon-portrait-video-").FullName;
    private GatewayApp? _app;

    public Task InitializeAsync()
    {
        _app = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Embedded",
            ["Engine:Device"] = "Cpu",
            ["Engine:WarmUpShapes:0"] = "64x64",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_portrait_clip_comes_back_whole_with_its_audio_at_the_size_asked_and_without_flicker()
    {
        var clip = PortraitVideoJob.Mp4(_directory);
        var (item, bytes) = await RunAsync("portrait.mp4", clip, ("maxSide", PortraitVideoJob.MaxSide.ToString()));
        Assert.Equal("video/mp4", item.Result!.ContentType);
        Assert.Equal((240, 180), (item.Result.Width, item.Result.Height));

        var result = Path.Combine(_directory, "result.mp4");
        await File.WriteAllBytesAsync(result, bytes);
        var probed = ProbedClip.Read(result);
        Assert.Equal(("h264", 240, 180, PortraitVideoJob.Frames, "aac"), (probed.VideoCodec, probed.Width, probed.Height, probed.Frames, probed.AudioCodec));
        Assert.InRange(probed.Duration, 1.9, 2.15);

        var flicker = PortraitVideoJob.FlickerRatio(clip, result, 240, 180);
        output.WriteLine($"flicker ratio (result / clip, whole frames): {flicker:F3}");
        Assert.InRange(flicker, 0.05, PortraitVideoJob.MaxFlickerRatio);
    }

    [Theory]
    [InlineData("gif", "image/gif")]
    [InlineData("webp", "image/webp")]
    public async Task An_animation_comes_back_as_an_animation_of_the_same_frames(string kind, string contentType)
    {
        var animation = kind == "gif" ? PortraitVideoJob.Gif(_directory) : PortraitVideoJob.Webp(_directory);
        var (item, bytes) = await RunAsync($"portrait.{kind}", animation);
        Assert.Equal(contentType, item.Result!.ContentType);
        Assert.Equal(8, item.Video!.FramesTotal);

        var result = Path.Combine(_directory, $"result.{kind}");
        await File.WriteAllBytesAsync(result, bytes);
        if (kind == "gif")
        {
            var probed = ProbedClip.Read(result);
            Assert.Equal(("gif", 160, 120, 8), (probed.VideoCodec, probed.Width, probed.Height, probed.Frames));
        }
        else
        {
            // Neither ffmpeg 5.1 nor ImageSharp 2.1 decodes animated WebP: its RIFF chunks are read here.
            Assert.Equal((160, 120, 8), AnimatedWebpShape(bytes));
        }
    }

    /// <summary>Canvas size (VP8X) and frame count (ANMF chunks) of an animated WebP.</summary>
    private static (int Width, int Height, int Frames) AnimatedWebpShape(byte[] webp)
    {
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(webp, 0, 4));
        Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(webp, 8, 4));
        int width = 0, height = 0, frames = 0;
        for (var at = 12; at + 8 <= webp.Length;)
        {
            var fourcc = System.Text.Encoding.ASCII.GetString(webp, at, 4);
            var size = (int)BitConverter.ToUInt32(webp, at + 4);
            if (fourcc == "VP8X")
            {
                width = 1 + (webp[at + 12] | webp[at + 13] << 8 | webp[at + 14] << 16);
                height = 1 + (webp[at + 15] | webp[at + 16] << 8 | webp[at + 17] << 16);
            }
            else if (fourcc == "ANMF")
            {
                frames++;
            }
            at += 8 + size + (size & 1);
        }
        return (width, height, frames);
    }

    private async Task<(ItemView Item, byte[] Bytes)> RunAsync(string name, string path, params (string Key, string Value)[] fields)
    {
        using var client = _app!.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form([(name, await File.ReadAllBytesAsync(path))], [("style", "anime"), .. fields]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;
        var job = await _app.WaitForAsync(submitted.Id, j => j.IsTerminal(), TimeSpan.FromMinutes(4));
        var item = Assert.Single(job.Items);
        Assert.True(job.Status == JobStatuses.Succeeded, $"{item.Status} {item.Reason} {item.Message}");
        Assert.Equal(item.Video!.FramesTotal, item.Video.FramesDone);
        return (item, await PortraitVideoJob.DownloadAsync(client, item.Result!.Url));
    }
}
