using System.Net;
using System.Net.Http.Json;
using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using Cartoon.Media;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Gateway.Tests.Video;

/// <summary>
/// A clip through the embedded gateway with the real worker and engine on CPU: submit, extraction, chunks through the
/// nets, the gateway's count, the one mux, the outcome; the result is an MP4 of every frame with the audio kept.
/// </summary>
public sealed class EmbeddedVideoEndToEndTests(VideoClips clips) : IClassFixture<VideoClips>
{
    [Fact]
    public async Task A_clip_comes_back_as_a_cartoon_mp4_of_every_frame_with_its_audio()
    {
        await using var app = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Embedded",
            ["Engine:Device"] = "Cpu",
            ["Engine:WarmUpShapes:0"] = "64x64",
        });
        using var client = app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form([("clip.mp4", File.ReadAllBytes(clips.Mp4))], ("style", "anime")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = (await response.Content.ReadFromJsonAsync<JobView>(GatewayApp.Json))!;

        var job = await app.WaitForAsync(submitted.Id, j => j.IsTerminal(), TimeSpan.FromMinutes(4));
        var item = Assert.Single(job.Items);
        Assert.True(job.Status == JobStatuses.Succeeded, $"{item.Status} {item.Reason} {item.Message}");
        Assert.Equal((ItemKinds.Video, VideoClips.Frames, VideoClips.Frames), (item.Kind, item.Video!.FramesDone, item.Video.FramesTotal));
        Assert.Equal("video/mp4", item.Result!.ContentType);

        using var result = await client.GetAsync(item.Result.Url);
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        var path = Path.Combine(clips.Directory, $"{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, await result.Content.ReadAsByteArrayAsync());
        var info = await app.Services.GetRequiredService<MediaProbe>().ProbeAsync(path, CancellationToken.None);
        Assert.Equal((MediaContainer.Mp4, VideoClips.Frames, true), (info.Container, info.FrameCount, info.HasAudio));
        Assert.Equal((64, 48), (info.Width, info.Height));
    }
}
