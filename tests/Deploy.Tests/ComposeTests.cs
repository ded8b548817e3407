using System.Text.Json.Nodes;

namespace Cartoon.Deploy.Tests;

public sealed class ComposeTests
{
    private static JsonObject Services() => YamlJson.LoadFile(RepoPaths.Compose)!["services"]!.AsObject();

    [Fact]
    public void Compose_has_every_part_with_health_checks()
    {
        var services = Services();
        foreach (var name in new[] { "rabbitmq", "minio", "minio-init", "postgres", "migrate", "gateway", "worker", "worker-cpu", "prometheus", "grafana" })
            Assert.True(services.ContainsKey(name), $"service {name} is missing");
        foreach (var name in new[] { "rabbitmq", "minio", "postgres", "gateway", "worker", "worker-cpu", "prometheus", "grafana" })
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
    public void Postgres_17_keeps_its_data_in_a_volume_and_is_healthy_only_when_it_takes_tcp_connections()
    {
        var compose = YamlJson.LoadFile(RepoPaths.Compose)!;
        var postgres = compose["services"]!["postgres"]!;
        Assert.Equal("postgres:17", postgres["image"]!.GetValue<string>());
        Assert.Contains(postgres["volumes"]!.AsArray(), v => v!.GetValue<string>() == "postgres-data:/var/lib/postgresql/data");
        Assert.True(compose["volumes"]!.AsObject().ContainsKey("postgres-data"), "volume postgres-data is not declared");
        // over TCP: during initdb the image runs a socket-only server that pg_isready on the socket would call ready
        var test = string.Join(' ', postgres["healthcheck"]!["test"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("pg_isready", test, StringComparison.Ordinal);
        Assert.Contains("-h 127.0.0.1", test, StringComparison.Ordinal);
        // credentials from the environment, with development defaults like RabbitMQ's and MinIO's
        var env = postgres["environment"]!;
        Assert.Equal("${POSTGRES_USER:-cartoon}", env["POSTGRES_USER"]!.GetValue<string>());
        Assert.Equal("${POSTGRES_PASSWORD:-cartoon-dev-password}", env["POSTGRES_PASSWORD"]!.GetValue<string>());
        Assert.Equal("${POSTGRES_DB:-cartoon}", env["POSTGRES_DB"]!.GetValue<string>());
    }

    [Fact]
    public void Migrations_run_once_from_the_gateway_image_before_the_gateway_starts()
    {
        var services = Services();
        var migrate = services["migrate"]!;
        var gateway = services["gateway"]!;
        Assert.Equal(gateway["image"]!.GetValue<string>(), migrate["image"]!.GetValue<string>());
        Assert.Equal(gateway["build"]!.ToJsonString(), migrate["build"]!.ToJsonString());
        Assert.Equal(["migrate"], migrate["command"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("no", migrate["restart"]!.GetValue<string>());
        Assert.Equal("service_healthy", migrate["depends_on"]!["postgres"]!["condition"]!.GetValue<string>());

        var deps = gateway["depends_on"]!;
        Assert.Equal("service_completed_successfully", deps["migrate"]!["condition"]!.GetValue<string>());
        Assert.Equal("service_healthy", deps["postgres"]!["condition"]!.GetValue<string>());
        // the gateway does not race the migrate service: it never migrates itself
        Assert.Equal("false", gateway["environment"]!["Database__MigrateAtStart"]!.GetValue<string>());
    }

    [Fact]
    public void Gateway_and_migrate_use_the_same_postgres_database_and_workers_none()
    {
        var services = Services();
        var postgresEnv = services["postgres"]!["environment"]!;
        foreach (var name in new[] { "migrate", "gateway" })
        {
            var env = services[name]!["environment"]!;
            Assert.Equal("Postgres", env["Database__Provider"]!.GetValue<string>());
            var cs = env["Database__ConnectionString"]!.GetValue<string>();
            Assert.Contains("Host=postgres;", cs, StringComparison.Ordinal);
            Assert.Contains("Port=5432;", cs, StringComparison.Ordinal);
            Assert.Contains($"Database={postgresEnv["POSTGRES_DB"]!.GetValue<string>()};", cs, StringComparison.Ordinal);
            Assert.Contains($"Username={postgresEnv["POSTGRES_USER"]!.GetValue<string>()};", cs, StringComparison.Ordinal);
            Assert.EndsWith($"Password={postgresEnv["POSTGRES_PASSWORD"]!.GetValue<string>()}", cs, StringComparison.Ordinal);
        }

        foreach (var name in new[] { "worker", "worker-cpu" })
        {
            var keys = services[name]!["environment"]!.AsObject().Select(kv => kv.Key);
            Assert.DoesNotContain(keys, k => k.StartsWith("Database__", StringComparison.Ordinal));
            Assert.Null(services[name]!["depends_on"]!["postgres"]);
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
