using System.Net;
using System.Text.Json;
using Cartoon.Engine.Inference;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cartoon.Worker.Tests;

/// <summary>The GpuWorker host as Program.cs composes it, on the in-memory bus and the file-system store.</summary>
public sealed class GpuWorkerHostTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"cartoon-worker-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Live_answers_at_once_and_ready_reports_engine_storage_and_bus()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Messaging:Transport", "InMemory");
            web.UseSetting("Storage:Provider", "FileSystem");
            web.UseSetting("Storage:Root", _root);
            web.UseSetting("Engine:Device", "Cpu");
            web.UseSetting("Engine:WarmUp", "false");
        });
        using var client = factory.CreateClient();

        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        HttpResponseMessage ready;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            ready = await client.GetAsync("/health/ready");
            if (ready.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
                break;
            ready.Dispose();
            await Task.Delay(200);
        }

        using (ready)
        {
            var body = await ready.Content.ReadAsStringAsync();
            Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
            var checks = json.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
            Assert.Contains("engine", checks);
            Assert.Contains("storage", checks);
            Assert.Contains(checks, c => c!.Contains("masstransit", StringComparison.Ordinal));
        }
    }
}
