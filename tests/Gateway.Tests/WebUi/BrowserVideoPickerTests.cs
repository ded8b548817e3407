using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Cartoon.Tests.Shared.Paths;
using Cartoon.Tests.Shared.Video;
using Xunit.Abstractions;

namespace Cartoon.Gateway.Tests.WebUi;

/// <summary>
/// The web page takes videos (headless Chromium, video-picker.spec.mjs): the picker and the drop zone accept them, a
/// video's card plays the local original from its object URL, and the format selector offers the video formats. Up to
/// the submit only: the gateway (distributed, in-memory, no worker) serves the page and its styles.
/// </summary>
public sealed class BrowserVideoPickerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_picker_and_the_drop_zone_take_videos_and_a_video_card_plays_the_local_original()
    {
        await using var app = new GatewayApp();
        app.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var inputs = Directory.CreateDirectory(Path.Combine(app.StorageRoot, "browser-video-inputs")).FullName;
        var clip = PortraitClip.Webm(TestPaths.Sample(TestPaths.Portrait), Path.Combine(inputs, "clip.webm"), 160, 120, frames: 12, fps: 12);
        var photo = Path.Combine(inputs, TestPaths.Astronaut);
        File.Copy(TestPaths.Sample(TestPaths.Astronaut), photo);

        var script = Path.Combine(HeadlessChromium.RepoRoot, "tests", "Gateway.Tests", "WebUi", "video-picker.spec.mjs");
        var (exitCode, stdout, stderr) = await HeadlessChromium.RunAsync(script,
            [baseUrl, ConvertPage.ScreenshotFolder("web-ui"), clip, photo], TimeSpan.FromMinutes(2));
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        Assert.True(exitCode == 0, $"node exited {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        var page = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;

        Assert.Contains("video/*", page.GetProperty("accept").GetString()!.Split(','));
        Assert.Equal(["mp4", "webm", "gif"], page.GetProperty("formats").GetProperty("Videos").EnumerateArray().Select(f => f.GetString()!));
        var cards = page.GetProperty("cards").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(3, cards.Count);
        var video = cards["clip.webm"];
        Assert.Equal(("video", "ready"), (video.GetProperty("kind").GetString(), video.GetProperty("status").GetString()));
        var original = video.GetProperty("original");
        Assert.Equal(("video", "blob:", 160, 120), (original.GetProperty("tag").GetString(), original.GetProperty("scheme").GetString(),
            original.GetProperty("width").GetInt32(), original.GetProperty("height").GetInt32()));
        Assert.Equal(("image", "ready"), (cards[TestPaths.Astronaut].GetProperty("kind").GetString(), cards[TestPaths.Astronaut].GetProperty("status").GetString()));
        Assert.Equal(("video", "ready"), (cards["dropped.webm"].GetProperty("kind").GetString(), cards["dropped.webm"].GetProperty("status").GetString()));
        Assert.False(page.GetProperty("submit").GetProperty("disabled").GetBoolean());
        Assert.Contains("3", page.GetProperty("submit").GetProperty("text").GetString());
        Assert.Empty(page.GetProperty("consoleErrors").EnumerateArray());
    }
}
