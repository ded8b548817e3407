using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Infrastructure;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>
/// A real Prometheus scrapes the gateway (embedded on RabbitMQ: gateway + worker + engine in one process, served by
/// Kestrel on a loopback port) and the broker's own Prometheus endpoint while a short load runs; PromQL through the
/// HTTP API then sees the items processed, the tier queue depths (ours and the broker's) and a latency quantile.
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed class PrometheusScrapeTests
{
    public const string RabbitMqPrometheusVariable = "CARTOON_TEST_RABBITMQ_PROMETHEUS";

    [Fact]
    public async Task Prometheus_scrapes_gateway_and_broker_and_PromQL_sees_the_load()
    {
        var rabbitPrometheus = Environment.GetEnvironmentVariable(RabbitMqPrometheusVariable) is { Length: > 0 } url
            ? new Uri(url.Trim())
            : throw new InvalidOperationException($"{RabbitMqPrometheusVariable} is not set. {ServicesFixture.HowToRun}");
        await using var rabbit = await RabbitMqEndpoint.AcquireAsync();
        await using var vhost = await VirtualHost.CreateAsync(rabbit);
        var prefix = $"obs{Guid.NewGuid():N}"[..12];

        using var app = EmbeddedGateway.Create(StackSettings.Merge(rabbit.Settings(vhost.Name), new Dictionary<string, string?>
        {
            ["Messaging:RabbitMq:ManagementUrl"] = rabbit.ManagementUri!.ToString(),
            ["Messaging:RabbitMq:QueueDepthInterval"] = "00:00:01",
            ["Tiers:QueuePrefix"] = prefix,
        }));
        var gateway = app.StartOnKestrel();
        using var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(2) };

        await using var prometheus = await PrometheusFixture.StartAsync(
        [
            ScrapeTarget.FromUrl("cartoon-gateway", gateway),
            ScrapeTarget.FromUrl("rabbitmq", rabbitPrometheus, "/metrics/per-object"),
        ]);
        await prometheus.WaitForTargetsUpAsync(["cartoon-gateway", "rabbitmq"], TimeSpan.FromSeconds(60));

        // The load, in two waves so rate() has a before and an after: 1 job, then (once scraped) 2 more at once;
        // 2 images each.
        Task<Gateway.Jobs.JobView> Submit(int j) => JobRequests.SubmitAsync(client,
            Enumerable.Range(0, 2).Select(i => ($"{j}-{i}.png", TestPictures.Png(seed: 10 * j + i))));
        var first = await Submit(0);
        Assert.Equal("succeeded", (await JobRequests.WaitTerminalAsync(client, first.Id, TimeSpan.FromMinutes(3))).Status);
        await prometheus.WaitForAsync("sum(cartoon_item_latency_seconds_count)", r => r.Count == 1 && r[0].Value >= 2, TimeSpan.FromSeconds(30));
        var jobs = await Task.WhenAll(Submit(1), Submit(2));
        foreach (var job in jobs)
            Assert.Equal("succeeded", (await JobRequests.WaitTerminalAsync(client, job.Id, TimeSpan.FromMinutes(3))).Status);

        var processed = await prometheus.WaitForAsync("sum(cartoon_items_processed_total{job=\"cartoon-gateway\"})",
            r => r.Count == 1 && r[0].Value >= 6, TimeSpan.FromSeconds(30));
        Assert.Equal(6, processed[0].Value);

        var ourQueue = $"{prefix}-s";
        var depth = await prometheus.WaitForAsync($"cartoon_queue_messages{{queue=\"{ourQueue}\"}}",
            r => r.Any(s => s.Labels["state"] == "ready") && r.Any(s => s.Labels["state"] == "unacked"), TimeSpan.FromSeconds(30));
        Assert.All(depth, s => Assert.Equal("s", s.Labels["tier"]));

        var broker = await prometheus.WaitForAsync($"rabbitmq_queue_messages_ready{{vhost=\"{vhost.Name}\",queue=\"{ourQueue}\"}}",
            r => r.Count == 1 && r[0].Value == 0, TimeSpan.FromSeconds(60)); // the broker's per-object figures lag a few seconds
        Assert.Equal(0, broker[0].Value);

        // Dashboard-style expressions evaluate over the live series.
        var p95 = await prometheus.WaitForAsync(
            "histogram_quantile(0.95, sum by (le) (rate(cartoon_item_latency_seconds_bucket[1m])))",
            r => r.Count == 1 && !double.IsNaN(r[0].Value), TimeSpan.FromSeconds(30));
        Assert.InRange(p95[0].Value, 0.001, 120);
        var groups = await prometheus.QueryAsync("sum(cartoon_batch_items_count)");
        Assert.Equal(app.Engine().Calls.Count, groups.Single().Value);
        var ready = await prometheus.QueryAsync("sum(cartoon_worker_ready)");
        Assert.Equal(1, ready.Single().Value);
    }
}
