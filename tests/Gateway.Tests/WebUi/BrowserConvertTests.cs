using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using Xunit.Abstractions;

namespace Cartoon.Gateway.Tests.WebUi;

/// <summary>
/// The web page end to end in headless Chromium against the embedded default on a real loopback port with the real
/// engine (CPU): both sample portraits and a text file renamed .jpg are uploaded through the page, one style and an
/// output size are picked, the batch is submitted and followed to the end. Screenshots (desktop and phone width)
/// stay in the test results folder (web-ui/).
/// </summary>
public sealed class BrowserConvertTests(ITestOutputHelper output)
{
    private const string Style = "sketch";
    private const int MaxSide = 768;

    [Fact]
    public async Task Two_portraits_convert_in_the_browser_and_the_text_file_shows_its_rejection()
    {
        await using var app = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Embedded",
            ["Engine:Device"] = "Cpu",
            ["Engine:Preload:0"] = Style,
            ["Engine:WarmUpShapes:0"] = "512x512",
        });
        app.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var inputs = Path.Combine(app.StorageRoot, "browser-inputs");
        Directory.CreateDirectory(inputs);
        var portraits = new[] { "astronaut_eileen_collins_nasa.png", "dctnet_input_portrait.png" };
        foreach (var name in portraits)
            File.Copy(RealEngine.Sample(name), Path.Combine(inputs, name));
        var textFile = Path.Combine(inputs, "notes.jpg");
        await File.WriteAllBytesAsync(textFile, TestImages.Text);

        var screenshots = Path.Combine(HeadlessChromium.ResultsDirectory, "web-ui");
        var script = Path.Combine(HeadlessChromium.RepoRoot, "tests", "Gateway.Tests", "WebUi", "convert.spec.mjs");
        var (exitCode, stdout, stderr) = await HeadlessChromium.RunAsync(script,
            [baseUrl, screenshots, Style, MaxSide.ToString(), .. portraits.Select(p => Path.Combine(inputs, p)), textFile],
            TimeSpan.FromMinutes(6));
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        Assert.True(exitCode == 0, $"node exited {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");

        var page = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("succeeded", page.GetProperty("jobStatus").GetString());
        Assert.Equal(100, page.GetProperty("percent").GetDouble());
        Assert.Equal(7, page.GetProperty("styleCount").GetInt32());
        Assert.Equal(7, page.GetProperty("styleExamplesLoaded").GetInt32());
        Assert.Empty(page.GetProperty("consoleErrors").EnumerateArray());

        var cards = page.GetProperty("cards").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(3, cards.Count);
        foreach (var name in portraits)
        {
            var card = cards[name];
            Assert.Equal("succeeded", card.GetProperty("status").GetString());
            Assert.Equal("Done", card.GetProperty("badge").GetString());
            Assert.Equal(100, card.GetProperty("progress").GetInt32());
            using var input = Image.Load(RealEngine.Sample(name));
            var (width, height) = Expected(input.Width, input.Height, MaxSide);
            var result = card.GetProperty("result");
            Assert.Equal(width, result.GetProperty("width").GetInt32());
            Assert.Equal(height, result.GetProperty("height").GetInt32());
        }

        var rejected = cards["notes.jpg"];
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Contains("Not a supported image format", rejected.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, rejected.GetProperty("result").ValueKind);

        var zip = page.GetProperty("zip");
        Assert.EndsWith(".zip", zip.GetProperty("fileName").GetString());
        Assert.Equal(portraits.Order(), zip.GetProperty("entries").EnumerateArray().Select(e => e.GetString()!).Order());

        foreach (var shot in new[] { "web-ui-desktop.png", "web-ui-phone.png" })
        {
            var info = Image.Identify(Path.Combine(screenshots, shot));
            Assert.True(info.Width >= 390, $"{shot} is {info.Width} px wide");
        }
        Assert.Equal(390, Image.Identify(Path.Combine(screenshots, "web-ui-phone.png")).Width);
    }

    /// <summary>The output size the API documents for maxSide: long side scaled to it, aspect kept.</summary>
    private static (int Width, int Height) Expected(int width, int height, int maxSide)
    {
        var scale = (double)maxSide / Math.Max(width, height);
        return ((int)Math.Round(width * scale), (int)Math.Round(height * scale));
    }
}
