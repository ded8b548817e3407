using System.Net;
using Cartoon.Gateway.Tests.WebUi;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Worker;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cartoon.Integration.Tests.Distributed;

/// <summary>
/// The web page in headless Chromium against a distributed gateway (RabbitMQ, s3rver, a worker with the real engine):
/// results are shown through the API's result URLs, which redirect the browser to presigned S3 URLs, and "Download
/// all" is read from S3 by the gateway. Same scenario and assertions as the embedded BrowserConvertTests.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class DistributedBrowserTests(InProcessStack stack, ITestOutputHelper output) : IClassFixture<InProcessStack>
{
    [Fact]
    public async Task The_page_converts_through_RabbitMQ_and_S3_and_shows_results_from_presigned_urls()
    {
        // A second gateway replica on a real port (the stack's own one runs on TestServer); both apply events to the
        // same S3 state.
        await using var gateway = new InProcessGateway(stack.GatewaySettings(new Dictionary<string, string?>
        {
            ["Messaging:RabbitMq:ConnectionName"] = $"{stack.Prefix}-browser-gateway",
        }));
        gateway.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await gateway.StartAsync(TimeSpan.FromMinutes(1));
        var baseUrl = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var work = Path.Combine(Path.GetTempPath(), $"cartoon-browser-{Guid.NewGuid():N}");
        try
        {
            var page = await ConvertPage.RunAsync(baseUrl, Portraits.Sample, work, "web-ui-distributed", output.WriteLine);
            ConvertPage.AssertConverted(page, Portraits.Sample, "web-ui-distributed");
        }
        finally
        {
            if (Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
    }
}
