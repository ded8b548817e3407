using Cartoon.Integration.Tests.Distributed;
using System.Text.Json;
using Cartoon.Integration.Tests.Infrastructure;

using Cartoon.Tests.Shared.Streaming;
using Cartoon.Tests.Shared.Video;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>
/// Every query of the shipped Grafana dashboard, run through a real Prometheus that scrapes the gateway, the worker
/// and RabbitMQ while a load with a failure and a webhook runs, must return data. The embedded gateway hosts the
/// worker, so its endpoint is scraped under both job names the dashboard uses.
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed class DashboardPanelsTests
{
    // Only a CUDA engine reports device memory (NVML); this machine has no GPU.
    private static readonly string[] GpuOnly = ["cartoon_gpu_memory_used_bytes"];

    [Fact]
    public async Task Every_dashboard_query_returns_data_from_a_real_Prometheus()
    {
        var rabbitPrometheus = Environment.GetEnvironmentVariable(PrometheusScrapeTests.RabbitMqPrometheusVariable) is { Length: > 0 } url
            ? new Uri(url.Trim())
            : throw new InvalidOperationException($"{PrometheusScrapeTests.RabbitMqPrometheusVariable} is not set. {ServicesFixture.HowToRun}");
        await using var rabbit = await RabbitMqEndpoint.AcquireAsync();
        await using var vhost = await VirtualHost.CreateAsync(rabbit);
        await using var webhooks = await WebhookReceiver.StartAsync();

        // The production queue prefix (the dashboard filters on it), isolated in a vhost of this test.
        using var app = EmbeddedGateway.Create(StackSettings.Merge(rabbit.Settings(vhost.Name), new Dictionary<string, string?>
        {
            ["Messaging:RabbitMq:ManagementUrl"] = rabbit.ManagementUri!.ToString(),
            ["Messaging:RabbitMq:QueueDepthInterval"] = "00:00:01",
            ["Tiers:QueuePrefix"] = "cartoonize",
        }));
        var gateway = app.StartOnKestrel();
        using var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(2) };

        await using var prometheus = await PrometheusFixture.StartAsync(
        [
            ScrapeTarget.FromUrl("cartoon-gateway", gateway),
            ScrapeTarget.FromUrl("cartoon-worker", gateway),
            ScrapeTarget.FromUrl("rabbitmq", rabbitPrometheus, "/metrics/per-object"),
        ]);
        await prometheus.WaitForTargetsUpAsync(["cartoon-gateway", "cartoon-worker", "rabbitmq"], TimeSpan.FromSeconds(60));

        // Two waves so rate() has a before and an after; one item fails in the worker; a webhook is delivered; each wave
        // has a tiny clip (the video panel: frames, extraction, mux).
        var clipFolder = Directory.CreateTempSubdirectory("cartoon-dashboard-clip-");
        var clip = await File.ReadAllBytesAsync(PortraitClip.Mp4(TestPaths.Sample(TestPaths.Portrait), Path.Combine(clipFolder.FullName, "clip.mp4"), 64, 48, 6, 6));
        clipFolder.Delete(recursive: true);
        var good = TestPictures.Png(seed: 3);
        var first = await JobRequests.SubmitAsync(client, [("a.png", good), ("clip.mp4", clip)], webhooks.Url);
        await JobRequests.WaitTerminalAsync(client, first.Id, TimeSpan.FromMinutes(3));
        // A client follows the job's event stream (the "Live event streams" panel).
        await using (var stream = await SseClient.OpenAsync(client, $"/v1/jobs/{first.Id}/events"))
            await stream.ReadUntilAsync("completed", TimeSpan.FromSeconds(30));
        await prometheus.WaitForAsync("sum(cartoon_item_latency_seconds_count)", r => r.Count == 1 && r[0].Value >= 1, TimeSpan.FromSeconds(30));
        var second = await JobRequests.SubmitAsync(client,
            [("b.png", TestPictures.Png(seed: 4)), ("bad.png", Worker.Portraits.CorruptPixels(good)), ("clip-2.mp4", clip)], webhooks.Url);
        Assert.Equal("succeeded", (await JobRequests.WaitTerminalAsync(client, second.Id, TimeSpan.FromMinutes(3))).Status);
        await prometheus.WaitForAsync("sum(cartoon_items_failed_total)", r => r.Count == 1 && r[0].Value >= 1, TimeSpan.FromSeconds(30));
        await prometheus.WaitForAsync("sum(cartoon_webhook_deliveries_total)", r => r.Count == 1 && r[0].Value >= 2, TimeSpan.FromSeconds(30));
        await prometheus.WaitForAsync("sum(cartoon_video_frames_total)", r => r.Count == 1 && r[0].Value >= 12, TimeSpan.FromSeconds(30));

        var queries = LoadDashboardQueries();
        Assert.True(queries.Count >= 20, $"only {queries.Count} queries in the dashboard");
        var empty = new List<string>();
        foreach (var (title, expr) in queries)
        {
            if (GpuOnly.Any(expr.Contains))
                continue;
            try
            {
                await prometheus.WaitForAsync(expr, r => r.Any(s => !double.IsNaN(s.Value)), TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                empty.Add($"{title}: {expr}");
            }
        }
        Assert.True(empty.Count == 0, "Dashboard queries without data:\n" + string.Join("\n", empty));
    }

    private static List<(string Title, string Expr)> LoadDashboardQueries()
    {
        var path = Path.Combine(RepoRoot(), "deploy", "grafana", "dashboards", "cartoon.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var list = new List<(string, string)>();
        foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (!panel.TryGetProperty("targets", out var targets))
                continue;
            foreach (var t in targets.EnumerateArray())
                if (t.TryGetProperty("expr", out var expr))
                    list.Add((panel.GetProperty("title").GetString()!, expr.GetString()!.Replace("$__rate_interval", "1m", StringComparison.Ordinal)));
        }
        return list;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cartoon.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Cartoon.sln not found");
    }
}
