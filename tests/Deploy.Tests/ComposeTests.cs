using System.Text.Json.Nodes;

namespace Cartoon.Deploy.Tests;

public sealed class ComposeTests
{
    private static JsonObject Services() => YamlJson.LoadFile(RepoPaths.Compose)!["services"]!.AsObject();

    [Fact]
    public void Compose_has_every_part_with_health_checks()
    {
        var services = Services();
        foreach (var name in new[] { "rabbitmq", "minio", "minio-init", "gateway", "worker", "worker-cpu", "prometheus", "grafana" })
            Assert.True(services.ContainsKey(name), $"service {name} is missing");
        foreach (var name in new[] { "rabbitmq", "minio", "gateway", "worker", "worker-cpu", "prometheus", "grafana" })
            Assert.NotNull(services[name]!["healthcheck"]?["test"]);
    }

    [Fact]
    public void Apps_wait_for_a_healthy_broker_and_the_bucket()
    {
        var services = Services();
        foreach (var name in new[] { "gateway", "worker", "worker-cpu" })
        {
            var deps = services[name]!["depends_on"]!;
            Assert.Equal("service_healthy", deps["rabbitmq"]!["condition"]!.GetValue<string>());
            Assert.Equal("service_completed_successfully", deps["minio-init"]!["condition"]!.GetValue<string>());
            var env = services[name]!["environment"]!;
            Assert.Equal("RabbitMq", env["Messaging__Transport"]!.GetValue<string>());
            Assert.Equal("rabbitmq", env["Messaging__RabbitMq__Host"]!.GetValue<string>());
            Assert.Equal("S3", env["Storage__Provider"]!.GetValue<string>());
            Assert.Equal("minio:9000", env["Storage__S3Endpoint"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Gpu_worker_reserves_an_nvidia_device_and_the_cpu_worker_is_a_profile()
    {
        var services = Services();
        var device = services["worker"]!["deploy"]!["resources"]!["reservations"]!["devices"]![0]!;
        Assert.Equal("nvidia", device["driver"]!.GetValue<string>());
        Assert.Contains("gpu", device["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("Cuda", services["worker"]!["environment"]!["Engine__Device"]!.GetValue<string>());

        var cpu = services["worker-cpu"]!;
        Assert.Contains("cpu", cpu["profiles"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(cpu["deploy"]);
        Assert.Equal("Cpu", cpu["environment"]!["Engine__Device"]!.GetValue<string>());
        foreach (var w in new[] { services["worker"]!, cpu })
        {
            Assert.Equal("/models", w["environment"]!["Engine__ModelsDirectory"]!.GetValue<string>());
            Assert.Contains(w["volumes"]!.AsArray(), v => v!.GetValue<string>().EndsWith(":/models:ro", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Rabbitmq_enables_the_prometheus_plugin_and_prometheus_scrapes_per_object()
    {
        var plugins = File.ReadAllText(RepoPaths.Combine("deploy", "rabbitmq", "enabled_plugins"));
        Assert.Contains("rabbitmq_prometheus", plugins, StringComparison.Ordinal);
        var prom = YamlJson.LoadFile(RepoPaths.PrometheusConfig)!;
        var jobs = prom["scrape_configs"]!.AsArray().ToDictionary(j => j!["job_name"]!.GetValue<string>(), j => j!);
        Assert.Equal("/metrics/per-object", jobs["rabbitmq"]["metrics_path"]!.GetValue<string>());
        Assert.Contains("rabbitmq:15692", jobs["rabbitmq"].ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("gateway:8080", jobs["cartoon-gateway"].ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("\"worker\"", jobs["cartoon-worker"].ToJsonString(), StringComparison.Ordinal);
    }
}
