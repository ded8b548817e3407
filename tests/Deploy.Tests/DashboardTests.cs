using System.Text.Json.Nodes;

namespace Cartoon.Deploy.Tests;

public sealed class DashboardTests
{
    /// <summary>The metric names agreed with the instrumentation (branch metrics), Npgsql's command latency, RabbitMQ's
    /// and up.</summary>
    public static readonly IReadOnlySet<string> KnownMetrics = new HashSet<string>
    {
        "cartoon_inference_duration_seconds", "cartoon_item_inference_seconds", "cartoon_batch_items", "cartoon_batch_faces",
        "cartoon_queue_wait_seconds", "cartoon_item_latency_seconds", "cartoon_items_processed_total", "cartoon_items_failed_total",
        "cartoon_jobs_submitted_total", "cartoon_jobs_completed_total", "cartoon_webhook_deliveries_total", "cartoon_queue_messages",
        "cartoon_memory_budget_bytes", "cartoon_device_memory_bytes", "cartoon_tier_group_limit", "cartoon_model_load_seconds", "cartoon_warmup_seconds",
        "cartoon_gpu_memory_used_bytes", "cartoon_worker_ready", "cartoon_outbox_pending", "cartoon_outbox_oldest_age_seconds",
        "cartoon_job_streams", "cartoon_job_stream_events_total", "db_client_operation_duration_seconds",
        "cartoon_video_frames_total", "cartoon_video_extract_seconds", "cartoon_video_mux_seconds",
        "rabbitmq_queue_messages_ready", "rabbitmq_queue_messages_unacked", "up",
    };

    private static readonly string[] Histograms =
    [
        "cartoon_inference_duration_seconds", "cartoon_item_inference_seconds", "cartoon_batch_items", "cartoon_batch_faces",
        "cartoon_queue_wait_seconds", "cartoon_item_latency_seconds", "db_client_operation_duration_seconds",
        "cartoon_video_extract_seconds", "cartoon_video_mux_seconds",
    ];

    internal static string BaseName(string metric)
    {
        foreach (var h in Histograms)
        {
            if (metric == h + "_bucket" || metric == h + "_sum" || metric == h + "_count")
                return h;
        }

        return metric;
    }

    [Fact]
    public void Dashboard_is_valid_json_with_unique_ids_and_a_prometheus_datasource()
    {
        var root = JsonNode.Parse(File.ReadAllText(RepoPaths.Dashboard))!;
        Assert.Equal("cartoon-overview", root["uid"]!.GetValue<string>());
        var panels = root["panels"]!.AsArray().Select(p => p!.AsObject()).ToList();
        Assert.True(panels.Count >= 9);
        Assert.Equal(panels.Count, panels.Select(p => p["id"]!.GetValue<int>()).Distinct().Count());
        foreach (var p in panels)
        {
            Assert.NotNull(p["gridPos"]);
            Assert.Equal("prometheus", p["datasource"]!["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Every_panel_queries_a_cartoon_db_client_rabbitmq_or_up_metric()
    {
        var root = JsonNode.Parse(File.ReadAllText(RepoPaths.Dashboard))!;
        var queries = DashboardQueries.Load(RepoPaths.Dashboard);
        foreach (var panel in root["panels"]!.AsArray())
        {
            var title = panel!["title"]!.GetValue<string>();
            var mine = queries.Where(q => q.Title == title).ToList();
            Assert.True(mine.Count > 0, $"panel '{title}' has no PromQL target");
            Assert.True(mine.Any(q => DashboardQueries.MetricNames(q.Expr).Count > 0), $"panel '{title}' queries no cartoon_/db_client_/rabbitmq_/up metric");
        }
    }

    [Fact]
    public void Dashboard_and_rules_use_only_the_agreed_metric_names()
    {
        var texts = DashboardQueries.Load(RepoPaths.Dashboard).Select(q => (where: $"dashboard '{q.Title}'", text: q.Expr))
            .Append((where: "cartoon.rules.yml", text: File.ReadAllText(RepoPaths.Rules)))
            .ToList();
        var unknown = texts.SelectMany(t => DashboardQueries.MetricNames(t.text).Select(m => (t.where, m)))
            .Where(x => !KnownMetrics.Contains(BaseName(x.m))).Distinct().ToList();
        Assert.True(unknown.Count == 0, "unknown metric names:\n  " + string.Join("\n  ", unknown.Select(u => $"{u.where}: {u.m}")));
        // histograms are queried through their series, never by the bare name
        var bare = texts.SelectMany(t => DashboardQueries.MetricNames(t.text).Select(m => (t.where, m))).Where(x => Histograms.Contains(x.m)).ToList();
        Assert.True(bare.Count == 0, "histograms queried by their bare name:\n  " + string.Join("\n  ", bare.Select(u => $"{u.where}: {u.m}")));
    }

    [Theory]
    [InlineData("Queue depth", "rabbitmq_queue_messages_ready")]
    [InlineData("Throughput", "cartoon_items_processed_total")]
    [InlineData("GPU time per image", "cartoon_item_inference_seconds_bucket")]
    [InlineData("per stage", "cartoon_inference_duration_seconds_bucket")]
    [InlineData("Batch size distribution", "cartoon_batch_items_bucket")]
    [InlineData("End-to-end latency", "cartoon_item_latency_seconds_bucket")]
    [InlineData("Failures by reason", "cartoon_items_failed_total")]
    [InlineData("Webhook outcomes", "cartoon_webhook_deliveries_total")]
    [InlineData("Workers", "cartoon_worker_ready")]
    [InlineData("Memory budget vs device memory", "cartoon_gpu_memory_used_bytes")]
    [InlineData("Memory budget vs device memory", "cartoon_memory_budget_bytes")]
    [InlineData("Memory budget vs device memory", "cartoon_device_memory_bytes")]
    [InlineData("Outbox depth", "max by (kind) (cartoon_outbox_pending)")]
    [InlineData("Outbox oldest age", "max by (kind) (cartoon_outbox_oldest_age_seconds)")]
    [InlineData("DB command latency", "histogram_quantile(0.5, sum by (le) (rate(db_client_operation_duration_seconds_bucket[5m])))")]
    [InlineData("DB command latency", "histogram_quantile(0.95, sum by (le) (rate(db_client_operation_duration_seconds_bucket[5m])))")]
    public void Required_panels_exist(string titlePart, string metric)
    {
        var queries = DashboardQueries.Load(RepoPaths.Dashboard);
        Assert.Contains(queries, q => q.Title.Contains(titlePart, StringComparison.Ordinal) && q.Expr.Contains(metric, StringComparison.Ordinal));
    }

    [Fact]
    public void Outbox_age_panel_marks_the_alert_threshold()
    {
        // the red line of the panel is where CartoonOutboxStale fires
        var rules = YamlJson.LoadFile(RepoPaths.Rules)!["groups"]![0]!["rules"]!.AsArray();
        var alert = rules.Single(r => r!["alert"]?.GetValue<string>() == "CartoonOutboxStale")!;
        var threshold = double.Parse(alert["expr"]!.GetValue<string>().Split('>')[^1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var panel = JsonNode.Parse(File.ReadAllText(RepoPaths.Dashboard))!["panels"]!.AsArray()
            .Single(p => p!["title"]!.GetValue<string>() == "Outbox oldest age")!;
        var steps = panel["fieldConfig"]!["defaults"]!["thresholds"]!["steps"]!.AsArray();
        Assert.Contains(steps, s => s!["value"] is JsonValue v && v.GetValue<double>() == threshold);
        Assert.Equal("s", panel["fieldConfig"]!["defaults"]!["unit"]!.GetValue<string>());
    }

    [Fact]
    public void Loaded_queries_have_grafana_macros_expanded()
    {
        var expanded = DashboardQueries.Load(RepoPaths.Dashboard);
        var raw = DashboardQueries.Load(RepoPaths.Dashboard, expandMacros: false);
        Assert.Equal(raw.Count, expanded.Count);
        Assert.Contains(raw, q => q.Expr.Contains("$__rate_interval", StringComparison.Ordinal));
        Assert.DoesNotContain(expanded, q => q.Expr.Contains('$', StringComparison.Ordinal));
    }

    [Fact]
    public void Grafana_is_provisioned_with_the_datasource_and_the_dashboard_folder()
    {
        var ds = YamlJson.LoadFile(RepoPaths.Combine("deploy", "grafana", "provisioning", "datasources", "prometheus.yml"))!;
        var source = ds["datasources"]![0]!;
        Assert.Equal("prometheus", source["type"]!.GetValue<string>());
        Assert.Equal("http://prometheus:9090", source["url"]!.GetValue<string>());
        var dash = YamlJson.LoadFile(RepoPaths.Combine("deploy", "grafana", "provisioning", "dashboards", "cartoon.yml"))!;
        var path = dash["providers"]![0]!["options"]!["path"]!.GetValue<string>();
        // compose mounts deploy/grafana/dashboards there
        var compose = File.ReadAllText(RepoPaths.Compose);
        Assert.Contains($"./deploy/grafana/dashboards:{path}:ro", compose, StringComparison.Ordinal);
    }
}
