using System.Net;
using System.Text.Json;
using Cartoon.Tests.Shared.Paths;
using Cartoon.Tests.Shared.Video;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cartoon.Gateway.Tests.WebUi;

/// <summary>
/// A clip through the web page in headless Chromium (video-convert.spec.mjs) against the embedded gateway with the real
/// worker and engine: picked, asked as WebM, submitted; the card counts its frames while they go through and then plays
/// the cartoon beside the original.
/// </summary>
public sealed class BrowserVideoConvertTests(ITestOutputHelper output)
{
    private const int Frames = 12;

    [Fact]
    public async Task A_clip_converts_in_the_browser_showing_its_frames_and_plays_beside_the_original()
    {
        await using var app = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Embedded",
            ["Engine:Device"] = "Cpu",
            ["Engine:WarmUpShapes:0"] = "64x64",
            // Chunks of 4 frames: the 12-frame clip reports its frames in three steps.
            ["Tiers:MaxGroupSize"] = "4",
        });
        app.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var inputs = Directory.CreateDirectory(Path.Combine(app.StorageRoot, "browser-video-convert")).FullName;
        var clip = PortraitClip.Mp4(TestPaths.Sample(TestPaths.Portrait), Path.Combine(inputs, "clip.mp4"), 160, 120, Frames, fps: 12);

        var script = Path.Combine(HeadlessChromium.RepoRoot, "tests", "Gateway.Tests", "WebUi", "video-convert.spec.mjs");
        var (exitCode, stdout, stderr) = await HeadlessChromium.RunAsync(script, [baseUrl, ConvertPage.ScreenshotFolder("web-ui"), clip], TimeSpan.FromMinutes(4));
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        Assert.True(exitCode == 0, $"node exited {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        var page = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;

        Assert.Equal(("succeeded", 100), (page.GetProperty("jobStatus").GetString(), page.GetProperty("batchPercent").GetInt32()));
        var card = page.GetProperty("card");
        Assert.Equal(("succeeded", "video"), (card.GetProperty("status").GetString(), card.GetProperty("kind").GetString()));
        Assert.Equal((Frames.ToString(), Frames.ToString()), (card.GetProperty("framesDone").GetString(), card.GetProperty("framesTotal").GetString()));

        var original = card.GetProperty("original");
        Assert.Equal(("video", "blob:", 160, 120), (original.GetProperty("tag").GetString(), original.GetProperty("scheme").GetString(),
            original.GetProperty("width").GetInt32(), original.GetProperty("height").GetInt32()));
        var result = card.GetProperty("result");
        Assert.Equal(("video", 160, 120), (result.GetProperty("tag").GetString(), result.GetProperty("width").GetInt32(), result.GetProperty("height").GetInt32()));
        Assert.StartsWith("http", result.GetProperty("scheme").GetString());
        Assert.InRange(result.GetProperty("duration").GetDouble(), 0.9, 1.1);

        // While it ran, the card counted frames ("n / 12 frames …") before it showed the result's size.
        var details = page.GetProperty("details").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(details, d => d.Contains($"/ {Frames} frames", StringComparison.Ordinal));
        Assert.Empty(page.GetProperty("consoleErrors").EnumerateArray());
    }
}
