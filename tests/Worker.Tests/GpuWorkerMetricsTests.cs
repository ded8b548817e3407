using Cartoon.Worker.Hardware;
using Cartoon.Messaging.Tiers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cartoon.Worker.Tests;

/// <summary>
/// The GpuWorker host serves /metrics with the worker and engine gauges (in-memory bus, CPU). Alone: an OpenTelemetry
/// MeterProvider sees every meter of a name in the process, so another host's gauges would mix into this scrape.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class GpuWorkerMetricsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"cartoon-worker-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("8589934592", "configured")]
    [InlineData(null, "host")] // unset on a CPU worker: sized from the host's memory at start
    public async Task Worker_metrics_endpoint_exports_readiness_budget_tier_limits_and_warm_up(string? budget, string source)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Messaging:Transport", "InMemory");
            web.UseSetting("Storage:Provider", "FileSystem");
            web.UseSetting("Storage:Root", _root);
            web.UseSetting("Engine:Device", "Cpu");
            web.UseSetting("Engine:WarmUpShapes:0", "256x256");
            if (budget is not null)
                web.UseSetting("Tiers:MemoryBudgetBytes", budget);
        });
        using var client = factory.CreateClient();

        string text;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            text = await client.GetStringAsync("/metrics");
            if (text.Contains("cartoon_worker_ready 1", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
                break;
            await Task.Delay(400);
        }

        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(lines, l => l.StartsWith("cartoon_worker_ready", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        var budgetLine = Assert.Single(lines, l => l.StartsWith("cartoon_memory_budget_bytes{", StringComparison.Ordinal));
        Assert.Contains($"source=\"{source}\"", budgetLine, StringComparison.Ordinal);
        var hostMemory = HostMemory.Read().Bytes;
        var expectedBudget = budget is null ? TierSizingRules.HostBudget(hostMemory) : long.Parse(budget, System.Globalization.CultureInfo.InvariantCulture);
        Assert.EndsWith($" {expectedBudget}", budgetLine, StringComparison.Ordinal);
        // A CPU worker's device memory is the host memory it may use.
        Assert.Contains(lines, l => l.StartsWith("cartoon_device_memory_bytes", StringComparison.Ordinal) && l.EndsWith($" {hostMemory}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("cartoon_tier_group_limit{", StringComparison.Ordinal) && l.Contains("tier=\"s\"", StringComparison.Ordinal));
        Assert.Contains("# TYPE cartoon_warmup_seconds gauge", lines);
        Assert.Contains("# TYPE cartoon_model_load_seconds gauge", lines);
        Assert.Contains(lines, l => l.StartsWith("target_info{", StringComparison.Ordinal) && l.Contains("service_name=\"cartoon-worker\"", StringComparison.Ordinal));
        // CPU: no NVML gauge; in-memory bus: no broker queue gauge.
        Assert.DoesNotContain(lines, l => l.StartsWith("cartoon_gpu_memory_used_bytes", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("cartoon_queue_messages", StringComparison.Ordinal));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics (not parallel)";
}
