using System.Text.Json;
using SixLabors.ImageSharp;

namespace Cartoon.Gateway.Tests.WebUi;

/// <summary>
/// The convert scenario of convert.spec.mjs, shared by the embedded (Gateway.Tests) and distributed
/// (Integration.Tests, linked source) browser tests: both sample portraits and a text file renamed .jpg go through
/// the page; the results must render at the size the API documents for the chosen output size, the text file must
/// show its rejection, the batch must reach 100 %, and "Download all" must hold both results.
/// </summary>
public static class ConvertPage
{
    public const string Style = "sketch";
    /// <summary>Above both portraits' work size (512² and 720²) by more than 2×: each card must show the "upscaled" warning.</summary>
    public const int MaxSide = 2048;
    public static readonly string[] Portraits = ["astronaut_eileen_collins_nasa.png", "dctnet_input_portrait.png"];
    private const string TextFileName = "notes.jpg";
    /// <summary>Added by address: the cloud metadata service, which the gateway's SSRF guard must refuse on its card.</summary>
    public const string MetadataUrl = "https://169.254.169.254/latest/meta-data";
    private const string MetadataCardName = "meta-data";
    private static readonly byte[] Text = "this is not an image, only text renamed to .jpg"u8.ToArray();

    /// <summary>Runs the page against <paramref name="baseUrl"/>; screenshots go to the results folder under <paramref name="screenshotFolder"/>.</summary>
    /// <param name="apiKey">Entered in the page's settings before anything else when set.</param>
    public static async Task<JsonElement> RunAsync(string baseUrl, Func<string, string> samplePath, string workFolder, string screenshotFolder,
        Action<string> log, string? apiKey = null)
    {
        var inputs = Path.Combine(workFolder, "browser-inputs");
        Directory.CreateDirectory(inputs);
        foreach (var name in Portraits)
            File.Copy(samplePath(name), Path.Combine(inputs, name), overwrite: true);
        var textFile = Path.Combine(inputs, TextFileName);
        await File.WriteAllBytesAsync(textFile, Text);

        var screenshots = ScreenshotFolder(screenshotFolder);
        var script = Path.Combine(HeadlessChromium.RepoRoot, "tests", "Gateway.Tests", "WebUi", "convert.spec.mjs");
        var (exitCode, stdout, stderr) = await HeadlessChromium.RunAsync(script,
            [baseUrl, screenshots, Style, MaxSide.ToString(), .. Portraits.Select(p => Path.Combine(inputs, p)), textFile],
            TimeSpan.FromMinutes(6), new Dictionary<string, string>
            {
                ["CARTOON_UI_IMAGE_URL"] = MetadataUrl,
                ["CARTOON_UI_API_KEY"] = apiKey ?? "",
            });
        log(stdout);
        log(stderr);
        Assert.True(exitCode == 0, $"node exited {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    public static string ScreenshotFolder(string name) => Path.Combine(HeadlessChromium.ResultsDirectory, name);

    /// <param name="apiKey">The key the page was given: every API call after it must carry it, and results are shown
    /// from blob URLs (fetched with the header); without one they are shown from the API's own URLs.</param>
    public static void AssertConverted(JsonElement page, Func<string, string> samplePath, string screenshotFolder, string? apiKey = null)
    {
        Assert.Equal("succeeded", page.GetProperty("jobStatus").GetString());
        Assert.Equal(100, page.GetProperty("percent").GetDouble());
        Assert.Equal(7, page.GetProperty("styleCount").GetInt32());
        Assert.Equal(7, page.GetProperty("styleExamplesLoaded").GetInt32());
        Assert.Empty(page.GetProperty("consoleErrors").EnumerateArray());

        var cards = page.GetProperty("cards").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(4, cards.Count);
        foreach (var name in Portraits)
        {
            var card = cards[name];
            Assert.Equal("succeeded", card.GetProperty("status").GetString());
            Assert.Equal("Done", card.GetProperty("badge").GetString());
            Assert.Equal(100, card.GetProperty("progress").GetInt32());
            var input = Image.Identify(samplePath(name));
            var (width, height) = Expected(input.Width, input.Height, MaxSide);
            var result = card.GetProperty("result");
            Assert.Equal(width, result.GetProperty("width").GetInt32());
            Assert.Equal(height, result.GetProperty("height").GetInt32());
            Assert.Equal(apiKey is null ? "http:" : "blob:", result.GetProperty("scheme").GetString());
            var warning = Assert.Single(card.GetProperty("warnings").EnumerateArray());
            Assert.Equal("upscaled", warning.GetProperty("code").GetString());
            Assert.StartsWith("Upscaled:", warning.GetProperty("text").GetString());
        }

        // The page followed the job over its event stream, and each photo's card went through the stages in order
        // (those before the stream's first event show as the stage it started from), ending done.
        Assert.Equal("stream", page.GetProperty("follow").GetString());
        Assert.True(page.GetProperty("streams").GetInt32() >= 1);
        string[] order = ["queued", "fetching", "decoding", "inferring", "encoding", "storing", "succeeded"];
        foreach (var name in Portraits)
        {
            var seen = page.GetProperty("stages").GetProperty(name).EnumerateArray().Select(s => s.GetString()!).ToList();
            Assert.Equal("succeeded", seen[^1]);
            Assert.Contains("storing", seen);
            Assert.Equal(seen.OrderBy(s => Array.IndexOf(order, s)), seen);
            Assert.All(seen, s => Assert.Contains(s, order));
        }

        if (apiKey is not null)
            Assert.Contains("needs an API key", page.GetProperty("keyPrompt").GetString());

        var keys = page.GetProperty("apiRequestsAfterKey").EnumerateArray().Select(k => k.ValueKind == JsonValueKind.Null ? null : k.GetString()).ToList();
        Assert.True(keys.Count >= 4, $"only {keys.Count} API calls after the page loaded"); // submit, polls, results, zip
        Assert.All(keys, k => Assert.Equal(apiKey, k));

        var rejected = cards[TextFileName];
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Contains("Not a supported image format", rejected.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, rejected.GetProperty("result").ValueKind);
        Assert.Empty(rejected.GetProperty("warnings").EnumerateArray());

        var metadata = cards[MetadataCardName];
        Assert.Equal("rejected", metadata.GetProperty("status").GetString());
        Assert.Contains("non-public", metadata.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, metadata.GetProperty("result").ValueKind);

        var zip = page.GetProperty("zip");
        Assert.EndsWith(".zip", zip.GetProperty("fileName").GetString());
        Assert.Equal(Portraits.Order(), zip.GetProperty("entries").EnumerateArray().Select(e => e.GetString()!).Order());

        // Full-page screenshots: the phone one must be exactly the viewport's width, or the page overflows sideways.
        var folder = ScreenshotFolder(screenshotFolder);
        Assert.True(Image.Identify(Path.Combine(folder, "web-ui-desktop.png")).Width >= 1280);
        Assert.Equal(390, Image.Identify(Path.Combine(folder, "web-ui-phone.png")).Width);
    }

    /// <summary>The output size the API documents for maxSide: long side scaled to it, aspect kept.</summary>
    private static (int Width, int Height) Expected(int width, int height, int maxSide)
    {
        var scale = (double)maxSide / Math.Max(width, height);
        return ((int)Math.Round(width * scale), (int)Math.Round(height * scale));
    }
}
