using System.Net;
using Cartoon.Integration.Tests.Infrastructure;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>The launcher itself: a real gateway process gets ready, answers, reports its memory, stops on SIGTERM and dies on SIGKILL.</summary>
[Collection(FaultCollection.Name)]
public sealed class ServiceProcessTests
{
    [Fact]
    public async Task A_gateway_process_gets_ready_answers_stops_gracefully_on_sigterm_and_dies_on_sigkill()
    {
        await using var stack = await ProcessStack.CreateAsync();

        var gateway = await stack.StartGatewayAsync();
        Assert.False(gateway.HasExited);
        Assert.InRange(gateway.RssBytes, 10L << 20, 4L << 30); // a real .NET host: tens to hundreds of MB
        using (var http = gateway.CreateClient())
        using (var styles = await http.GetAsync("/v1/styles"))
            Assert.Equal(HttpStatusCode.OK, styles.StatusCode);
        var banner = await gateway.WaitForOutputAsync(l => l.Contains("Cartoon gateway mode: Distributed", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains("RabbitMq", banner);

        var exitCode = await gateway.StopAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"graceful stop exit code {exitCode}. {gateway.Describe()}");
        Assert.True(gateway.HasExited);
        Assert.Equal(0, gateway.RssBytes);

        var second = await stack.StartGatewayAsync();
        second.Kill();
        Assert.True(second.HasExited);
        Assert.Equal(137, second.ExitCode); // 128 + SIGKILL: no graceful path ran
        Assert.Empty(stack.Crashed()); // both ended by the test, neither counts as a crash
    }
}
