using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cartoon.Gateway.Tests.WebUi;

/// <summary>
/// The web page end to end in headless Chromium against the embedded default on a real loopback port with the real
/// engine (CPU). Screenshots (desktop and phone width) stay in the test results folder (web-ui/). The distributed
/// twin is Integration.Tests' DistributedBrowserTests.
/// </summary>
public sealed class BrowserConvertTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_portraits_convert_in_the_browser_and_the_text_file_shows_its_rejection()
    {
        await using var app = new GatewayApp(settings: new Dictionary<string, string?>
        {
            ["Gateway:Mode"] = "Embedded",
            ["Engine:Device"] = "Cpu",
            ["Engine:Preload:0"] = ConvertPage.Style,
            ["Engine:WarmUpShapes:0"] = "512x512",
        });
        app.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        // With a key entered (the gateway runs open and ignores it): the keyed path, every call with X-Api-Key and
        // results fetched as blobs. The distributed twin runs without one.
        const string apiKey = "ui-test-key";
        var page = await ConvertPage.RunAsync(baseUrl, RealEngine.Sample, app.StorageRoot, "web-ui", output.WriteLine, apiKey);

        ConvertPage.AssertConverted(page, RealEngine.Sample, "web-ui", apiKey);
    }
}
