using Cartoon.Engine;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Tests.Shared.Streaming;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>
/// Scrapes the gateway's /metrics (embedded: the worker and the engine run in the same process) and checks the exported
/// names are exactly those the dashboards and alert rules use, and that the numbers match what really ran.
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed class MetricsScrapeTests
{
    /// <summary>Prometheus family name → type, as the deploy/ dashboards and rules expect them.</summary>
    public static readonly IReadOnlyDictionary<string, string> GatewayFamilies = new Dictionary<string, string>
    {
        ["cartoon_item_latency_seconds"] = "histogram",
        ["cartoon_jobs_submitted_total"] = "counter",
        ["cartoon_jobs_completed_total"] = "counter",
        ["cartoon_webhook_deliveries_total"] = "counter",
        ["cartoon_storage_requests_total"] = "counter", // gateway and worker alike (meter Cartoon.Storage)
        ["cartoon_outbox_pending"] = "gauge",
        ["cartoon_outbox_oldest_age_seconds"] = "gauge",
        ["cartoon_job_streams"] = "gauge",
        ["cartoon_job_stream_events_total"] = "counter",
    };

    public static readonly IReadOnlyDictionary<string, string> WorkerFamilies = new Dictionary<string, string>
    {
        ["cartoon_inference_duration_seconds"] = "histogram",
        ["cartoon_item_inference_seconds"] = "histogram",
        ["cartoon_batch_items"] = "histogram",
        ["cartoon_batch_faces"] = "histogram",
        ["cartoon_queue_wait_seconds"] = "histogram",
        ["cartoon_items_processed_total"] = "counter",
        ["cartoon_items_failed_total"] = "counter",
        ["cartoon_memory_budget_bytes"] = "gauge",
        ["cartoon_device_memory_bytes"] = "gauge",
        ["cartoon_tier_group_limit"] = "gauge",
        ["cartoon_model_load_seconds"] = "gauge",
        ["cartoon_warmup_seconds"] = "gauge",
        ["cartoon_worker_ready"] = "gauge",
    };

    [Fact]
    public async Task Metrics_names_after_one_job_are_exactly_the_documented_ones()
    {
        await using var hooks = await WebhookReceiver.StartAsync();
        using var app = EmbeddedGateway.Create();
        using var client = app.CreateClient();

        var png = TestPictures.Png();
        var job = await JobRequests.SubmitAsync(client,
            [("a.png", png), ("corrupt.png", Worker.Portraits.CorruptPixels(png))], hooks.Url);
        Assert.Matches("^[0-9a-f]{32}$", job.TraceId);
        var done = await JobRequests.WaitTerminalAsync(client, job.Id, TimeSpan.FromMinutes(3));
        Assert.Equal("succeeded", done.Status);
        Assert.Equal(job.TraceId, done.TraceId);
        await WaitUntilAsync(() => hooks.Received.Count >= 3, TimeSpan.FromSeconds(30));
        // The job's event stream, read to its end: the stream gauge and the events counter.
        await using (var stream = await SseClient.OpenAsync(client, $"/v1/jobs/{job.Id}/events"))
            Assert.Equal("completed", (await stream.ReadUntilAsync("completed", TimeSpan.FromSeconds(30)))[^1].Type);

        var scrape = await PrometheusText.ScrapeAsync(client);
        var cartoon = scrape.Families.Where(f => f.Key.StartsWith("cartoon_", StringComparison.Ordinal))
            .ToDictionary(f => f.Key, f => f.Value);
        foreach (var (name, type) in GatewayFamilies.Concat(WorkerFamilies))
        {
            Assert.True(cartoon.TryGetValue(name, out var actual), $"{name} missing; exported: {string.Join(", ", cartoon.Keys.Order())}");
            Assert.Equal(type, actual);
        }
        // In-memory transport: no broker to read queue depths from; CPU: no NVML gauge.
        Assert.DoesNotContain("cartoon_queue_messages", cartoon.Keys);
        Assert.DoesNotContain("cartoon_gpu_memory_used_bytes", cartoon.Keys);
        Assert.Equal(GatewayFamilies.Count + WorkerFamilies.Count, cartoon.Count);

        // Labels the dashboards group by.
        Assert.Contains(scrape.Named("cartoon_inference_duration_seconds_count"),
            s => s.Labels["stage"] == "bg" && s.Labels["style"] == "anime" && s.Labels["device"] == "cpu");
        Assert.Contains(scrape.Named("cartoon_inference_duration_seconds_count"), s => s.Labels["stage"] == "detect");
        Assert.Contains(scrape.Named("cartoon_batch_items_count"), s => s.Labels["tier"] == "s" && s.Labels["device"] == "cpu");
        Assert.Contains(scrape.Named("cartoon_item_latency_seconds_count"), s => s.Labels["tier"] == "s" && s.Labels["outcome"] == "succeeded");
        Assert.Contains(scrape.Named("cartoon_item_latency_seconds_count"), s => s.Labels["outcome"] == "failed");
        Assert.Contains(scrape.Named("cartoon_items_failed_total"), s => s.Labels["reason"] == FailureReasons.InvalidImage);
        Assert.Contains(scrape.Named("cartoon_jobs_completed_total"), s => s.Labels["status"] == "succeeded");
        Assert.Contains(scrape.Named("cartoon_webhook_deliveries_total"), s => s.Labels["outcome"] == "delivered");
        Assert.Contains(scrape.Named("cartoon_tier_group_limit"), s => s.Labels["tier"] == "xl");
        Assert.Contains(scrape.Named("cartoon_tier_group_limit"), s => s.Labels["tier"] == "hd");
        Assert.Equal(["completed", "job"], scrape.Named("cartoon_job_stream_events_total").Select(s => s.Labels["type"]).Order());
        Assert.Equal(0, scrape.Sum("cartoon_job_streams")); // closed once the job's last event was sent
        // Both outbox kinds are always reported, drained to 0 once the job's webhooks went out.
        Assert.Equal(["bus", "webhook"], scrape.Named("cartoon_outbox_pending").Select(s => s.Labels["kind"]).Order());
        Assert.Equal(["bus", "webhook"], scrape.Named("cartoon_outbox_oldest_age_seconds").Select(s => s.Labels["kind"]).Order());
        Assert.Contains(scrape.Named("cartoon_storage_requests_total"),
            s => s.Labels["operation"] == "put" && s.Labels["provider"] == "filesystem" && s.Value >= 3); // inputs, manifest, results
        Assert.Contains(scrape.Named("cartoon_storage_requests_total"), s => s.Labels["operation"] == "get" && s.Value >= 1);
        Assert.Contains(scrape.Named("cartoon_model_load_seconds"), s => s.Labels["style"] == "anime" && s.Value > 0);
        Assert.Equal(1, scrape.Sum("cartoon_worker_ready"));
        // No budget configured, a CPU worker: sized from the host's memory, below what it read.
        var budget = Assert.Single(scrape.Named("cartoon_memory_budget_bytes"));
        Assert.Equal("host", budget.Labels["source"]);
        Assert.InRange(budget.Value, 1, scrape.Sum("cartoon_device_memory_bytes") - 1);
        Assert.True(scrape.Sum("cartoon_warmup_seconds") > 0);
        Assert.Contains(scrape.Named("cartoon_batch_items_bucket"), s => s.Labels["le"] == "64");
        Assert.Contains(scrape.Named("cartoon_queue_wait_seconds_bucket"), s => s.Labels["le"] == "120");
        Assert.Contains(scrape.Named("cartoon_queue_wait_seconds_bucket"), s => s.Labels["le"] == "0.001");
        // The platform's own metrics come along: ASP.NET Core, runtime. (MassTransit's messaging_masstransit_* too, but
        // its meter is static and created from the first host's meter factory: only the first host of a test process
        // exports it, so it is not asserted here.)
        Assert.Contains("http_server_request_duration_seconds", scrape.Families.Keys);
        Assert.Contains(scrape.Families.Keys, k => k.StartsWith("dotnet_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_metrics_reflect_reality_items_processed_and_groups_run()
    {
        using var app = EmbeddedGateway.Create(new Dictionary<string, string?> { ["Tiers:MaxGroupSize"] = "3" });
        using var client = app.CreateClient();
        var before = await PrometheusText.ScrapeAsync(client);
        var callsBefore = app.Engine().Calls.Count;

        // 7 items in 3 jobs submitted at once: the worker groups them (at most 3 per group) as they arrive.
        var jobs = await Task.WhenAll(
            JobRequests.SubmitAsync(client, Enumerable.Range(0, 3).Select(i => ($"a{i}.png", TestPictures.Png(seed: i)))),
            JobRequests.SubmitAsync(client, Enumerable.Range(0, 2).Select(i => ($"b{i}.png", TestPictures.Png(seed: 10 + i)))),
            JobRequests.SubmitAsync(client, Enumerable.Range(0, 2).Select(i => ($"c{i}.png", TestPictures.Png(seed: 20 + i)))));
        const int n = 7;
        foreach (var job in jobs)
            Assert.Equal("succeeded", (await JobRequests.WaitTerminalAsync(client, job.Id, TimeSpan.FromMinutes(3))).Status);

        var after = await PrometheusText.ScrapeAsync(client);
        var calls = app.Engine().Calls.Skip(callsBefore).ToArray();
        double Delta(string name, params (string, string)[] where) => after.Sum(name, where) - before.Sum(name, where);

        Assert.Equal(n, calls.Sum(c => c.Items));
        Assert.Equal(n, Delta("cartoon_items_processed_total"));
        Assert.Equal(n, Delta("cartoon_items_processed_total", ("tier", "s"), ("device", "cpu")));
        Assert.Equal(0, Delta("cartoon_items_failed_total"));
        Assert.Equal(calls.Length, Delta("cartoon_batch_items_count"));
        Assert.Equal(n, Delta("cartoon_batch_items_sum"));
        Assert.Equal(calls.Sum(c => c.Faces), Delta("cartoon_batch_faces_sum"));
        Assert.Equal(n, Delta("cartoon_item_inference_seconds_count"));
        Assert.Equal(n, Delta("cartoon_queue_wait_seconds_count"));
        Assert.Equal(calls.Sum(c => c.BackgroundPasses), Delta("cartoon_inference_duration_seconds_count", ("stage", "bg")));
        Assert.Equal(calls.Sum(c => c.HeadPasses), Delta("cartoon_inference_duration_seconds_count", ("stage", "head")));
        Assert.Equal(n, Delta("cartoon_inference_duration_seconds_count", ("stage", "detect")));
        Assert.Equal(3, Delta("cartoon_jobs_submitted_total"));
        Assert.Equal(3, Delta("cartoon_jobs_completed_total", ("status", "succeeded")));
        Assert.Equal(n, Delta("cartoon_item_latency_seconds_count", ("outcome", "succeeded")));
        // Per-item inference time is the groups' inference time shared out: the sums agree.
        Assert.Equal(calls.Sum(c => c.InferenceMs) / 1000.0, Delta("cartoon_item_inference_seconds_sum"), 3);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not met in time");
            await Task.Delay(50);
        }
    }
}
