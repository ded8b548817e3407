using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cartoon.Worker.Consumers;
using Cartoon.Messaging.Tiers;

namespace Cartoon.Deploy.Tests;

/// <summary>Every setting the chart and docker-compose.yml give the apps is one of their real configuration keys.</summary>
public sealed partial class SettingsKeyTests
{
    private static readonly string[] AppServices = ["gateway", "migrate", "worker", "worker-cpu"];

    public static IEnumerable<string> ComposeKeys()
    {
        var compose = YamlJson.LoadFile(RepoPaths.Compose)!.AsObject();
        var services = compose["services"]!.AsObject();
        foreach (var name in AppServices)
        {
            var env = services[name]?["environment"] as JsonObject
                      ?? throw new InvalidDataException($"docker-compose.yml: service {name} has no environment mapping");
            foreach (var (key, _) in env)
                yield return key;
        }
    }

    public static IEnumerable<string> ChartKeys()
    {
        foreach (var file in ChartTests.TemplateFiles())
        {
            // Tiers__Sizes__{{ $i }}__Name, Engine__Preload__{{ $i }}: a list index
            var text = TemplateIndex().Replace(File.ReadAllText(file), "__0");
            foreach (var key in SettingsKeys.FindKeys(text))
                yield return key;
        }

        var values = YamlJson.LoadFile(Path.Combine(RepoPaths.Chart, "values.yaml"))!;
        foreach (var map in new[] { values["extraEnv"], values["gateway"]?["extraEnv"], values["worker"]?["extraEnv"] })
        {
            foreach (var (key, _) in map as JsonObject ?? [])
                yield return key;
        }
    }

    [Fact]
    public void Compose_sets_only_real_settings()
    {
        var keys = ComposeKeys().Where(k => k.Contains("__", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(keys.Count >= 20, $"expected the compose services to set the apps' settings, found {keys.Count}");
        AssertAllReal(keys, "docker-compose.yml");
    }

    [Fact]
    public void Chart_sets_only_real_settings()
    {
        var keys = ChartKeys().Distinct().ToList();
        Assert.True(keys.Count >= 25, $"expected the chart templates to set the apps' settings, found {keys.Count}: {string.Join(", ", keys)}");
        // the ones the deployment depends on are there
        Assert.Contains("Messaging__RabbitMq__Host", keys);
        Assert.Contains("Messaging__RabbitMq__Password", keys);
        Assert.Contains("Storage__S3SecretKey", keys);
        Assert.Contains("Webhooks__Secret", keys);
        Assert.Contains("Auth__RequireKeys", keys);
        Assert.Contains("Auth__Keys__0__Hash", keys);
        Assert.Contains("Tiers__Sizes__0__Name", keys);
        Assert.Contains("Engine__ModelsDirectory", keys);
        Assert.Contains("Worker__StopTimeout", keys);
        Assert.Contains("Database__Provider", keys);
        Assert.Contains("Database__ConnectionString", keys);
        Assert.Contains("Database__MigrateAtStart", keys);
        Assert.Contains("Database__CommandTimeoutSeconds", keys);
        AssertAllReal(keys, "deploy/helm/cartoon");
    }

    [Fact]
    public void Dockerfiles_set_only_real_settings()
    {
        var keys = Directory.EnumerateFiles(RepoPaths.Combine("deploy", "docker"), "*.Dockerfile")
            .SelectMany(f => SettingsKeys.FindKeys(File.ReadAllText(f))).Distinct().ToList();
        Assert.Contains("Engine__ModelsDirectory", keys);
        AssertAllReal(keys, "deploy/docker");
        // Both services hold native image and tensor buffers: bounded malloc arenas and a fixed mmap threshold keep
        // their RSS flat (docs/operate.md); the worker's at 32 MiB so its tensors are not mapped anew on every pass.
        Assert.All(Directory.EnumerateFiles(RepoPaths.Combine("deploy", "docker"), "*.Dockerfile"), f =>
            Assert.Contains("MALLOC_ARENA_MAX=2", File.ReadAllText(f)));
        Assert.Contains("MALLOC_MMAP_THRESHOLD_=131072", File.ReadAllText(RepoPaths.Combine("deploy", "docker", "gateway.Dockerfile")));
        Assert.Contains("MALLOC_MMAP_THRESHOLD_=33554432", File.ReadAllText(RepoPaths.Combine("deploy", "docker", "worker.Dockerfile")));
    }

    [Theory]
    [InlineData("Messaging__RabbitMq__Host")]
    [InlineData("messaging__rabbitmq__password")]
    [InlineData("Tiers__Sizes__3__MaxHeight")]
    [InlineData("Worker__RetryIntervals__0")]
    [InlineData("Engine__MemoryCost__BytesPerPixel")]
    [InlineData("Engine__Preload__1")]
    [InlineData("Storage__S3PublicEndpoint")]
    [InlineData("Storage__Retention")]
    [InlineData("Storage__SweepInterval")]
    [InlineData("Webhooks__RetrySchedule__2")]
    [InlineData("Uploads__MaxImagesPerJob")]
    [InlineData("Idempotency__Retention")]
    [InlineData("Gateway__Mode")]
    [InlineData("Auth__Keys__0__Hash")]
    [InlineData("Auth__Keys__2__SubmitLimit__PermitLimit")]
    [InlineData("Auth__Tenants__acme__WebhookSecret")]
    [InlineData("RateLimits__Read__Window")]
    [InlineData("Backpressure__Tiers__xl")]
    [InlineData("Logging__LogLevel__MassTransit")]
    [InlineData("Database__Provider")]
    [InlineData("Database__ConnectionString")]
    [InlineData("Database__MigrateAtStart")]
    [InlineData("Database__CommandTimeoutSeconds")]
    public void Mapper_accepts_real_keys(string key) => Assert.Null(SettingsKeys.Check(key));

    [Theory]
    [InlineData("Messaging__RabbitMq__Hostname")]
    [InlineData("Messaging__Host")]
    [InlineData("Messaging__RabbitMq")]
    [InlineData("Storage__Endpoint")]
    [InlineData("Tiers__Sizes__s__Name")]
    [InlineData("Tiers__QueuePrefix__0")]
    [InlineData("Worker__StopTimeoutSeconds")]
    [InlineData("Engine__Models")]
    [InlineData("Webhook__Secret")]
    [InlineData("Rabbit__Host")]
    [InlineData("Auth__Keys__0__Key")]
    [InlineData("Auth__Tenants__acme__Secret")]
    [InlineData("Database__Connection")]
    [InlineData("Database__Postgres__Host")]
    [InlineData("Db__ConnectionString")]
    public void Mapper_rejects_keys_the_apps_do_not_read(string key) => Assert.NotNull(SettingsKeys.Check(key));

    [Fact]
    public void Chart_tier_defaults_match_the_apps_defaults()
    {
        // gateway and workers route by the same tiers; the chart's defaults must be the classes' defaults
        var tiers = YamlJson.LoadFile(Path.Combine(RepoPaths.Chart, "values.yaml"))!["tiers"]!;
        var defaults = new TierOptions();
        Assert.Equal(defaults.QueuePrefix, tiers["queuePrefix"]!.GetValue<string>());
        // Unset in both: each worker sizes its budget from its own device at start.
        Assert.Null(defaults.MemoryBudgetBytes);
        Assert.Null(tiers["memoryBudgetBytes"]);
        // The chart runs GPU workers: its cap is the GPU default (unset in the apps, where a CPU worker gets its own).
        Assert.Null(defaults.MaxGroupSize);
        Assert.Equal(TierOptions.GpuMaxGroupSize, tiers["maxGroupSize"]!.GetValue<long>());
        Assert.Equal(defaults.ConcurrencyLimit, tiers["concurrencyLimit"]!.GetValue<long>());
        Assert.Equal(defaults.TimeLimit, TimeSpan.Parse(tiers["timeLimit"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var sizes = tiers["sizes"]!.AsArray();
        Assert.Equal(defaults.Sizes.Count, sizes.Count);
        for (var i = 0; i < sizes.Count; i++)
        {
            Assert.Equal(defaults.Sizes[i].Name, sizes[i]!["name"]!.GetValue<string>());
            Assert.Equal(defaults.Sizes[i].MaxWidth, sizes[i]!["maxWidth"]!.GetValue<long>());
            Assert.Equal(defaults.Sizes[i].MaxHeight, sizes[i]!["maxHeight"]!.GetValue<long>());
        }
    }

    [Fact]
    public void Worker_grace_periods_outlast_stop_and_drain_timeouts()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var worker = YamlJson.LoadFile(Path.Combine(RepoPaths.Chart, "values.yaml"))!["worker"]!;
        var stop = TimeSpan.Parse(worker["stopTimeout"]!.GetValue<string>(), inv);
        var drain = TimeSpan.Parse(worker["drainTimeout"]!.GetValue<string>(), inv);
        var defaults = new WorkerOptions();
        Assert.Equal(defaults.StopTimeout, stop);
        Assert.Equal(defaults.DrainTimeout, drain);
        var grace = worker["terminationGracePeriodSeconds"]!.GetValue<long>();
        var preStop = worker["preStopSleepSeconds"]!.GetValue<long>();
        Assert.True(grace > (stop + drain).TotalSeconds + preStop,
            $"worker.terminationGracePeriodSeconds {grace} must exceed StopTimeout + DrainTimeout + preStop = {(stop + drain).TotalSeconds + preStop}");

        var compose = YamlJson.LoadFile(RepoPaths.Compose)!["services"]!;
        foreach (var name in new[] { "worker", "worker-cpu" })
        {
            var text = compose[name]!["stop_grace_period"]!.GetValue<string>();
            var seconds = int.Parse(text.TrimEnd('s'), inv);
            Assert.True(seconds > (stop + drain).TotalSeconds, $"{name}.stop_grace_period {text} must exceed {(stop + drain).TotalSeconds}s");
        }
    }

    private static void AssertAllReal(IEnumerable<string> keys, string where)
    {
        var bad = keys.Select(k => (k, why: SettingsKeys.Check(k))).Where(x => x.why is not null).ToList();
        Assert.True(bad.Count == 0, $"{where} sets keys the apps do not read:\n" + string.Join("\n", bad.Select(b => $"  {b.k}: {b.why}")));
    }

    [GeneratedRegex(@"__\{\{-?\s*\$[A-Za-z0-9_]+\s*-?\}\}")]
    private static partial Regex TemplateIndex();
}
