using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Cartoon.Gateway.Tests.Access;
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
        // The gateway requires keys here: the page must send the one entered in its settings on every API call
        // (a call without it answers 401 and the run fails). The distributed twin runs open, without one.
        var key = TestKey.Mint("ui");
        await using var app = new GatewayApp(settings: TestKey.With(TestKey.Settings(key),
            ("Gateway:Mode", "Embedded"),
            ("Engine:Device", "Cpu"),
            ("Engine:Preload:0", ConvertPage.Style),
            ("Engine:WarmUpShapes:0", "512x512")));
        app.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var apiKey = key.Key;
        var page = await ConvertPage.RunAsync(baseUrl, RealEngine.Sample, app.StorageRoot, "web-ui", output.WriteLine, apiKey);

        ConvertPage.AssertConverted(page, RealEngine.Sample, "web-ui", apiKey);
    }
}
