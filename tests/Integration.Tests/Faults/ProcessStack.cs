using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Observability;
using Cartoon.Integration.Tests.Worker;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>
/// The distributed deployment as real processes (<see cref="AppProcess"/>): Cartoon.Gateway.dll and
/// Cartoon.GpuWorker.dll on the real RabbitMQ and S3 server, isolated per test by a vhost of their own (the gateway's
/// event queue has a fixed name), a fresh bucket and a fresh tier queue prefix. Small groups
/// (<see cref="GroupSize"/>) of small pictures (<see cref="Pictures"/>) on the CPU engine, so 60 items take about a minute
/// on two shared cores.
/// Disposing kills the processes and removes the vhost and the bucket.
/// </summary>
internal sealed class ProcessStack : IAsyncDisposable
{
    public const int GroupSize = 4;

    /// <summary>Side of the test pictures (<see cref="Pictures"/>): small, so the CPU engine runs a group in about a second.</summary>
    public const int ImageSide = 128;
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly AppGroup _processes = new();

    private ProcessStack(RabbitMqEndpoint rabbit, VirtualHost vhost)
    {
        Rabbit = rabbit;
        VirtualHost = vhost;
    }

    public RabbitMqEndpoint Rabbit { get; }

    public VirtualHost VirtualHost { get; }

    public string Bucket { get; } = ServicesFixture.NewBucketName("faults");

    /// <summary>The job database every gateway process of this stack shares (replicas of one deployment).</summary>
    public string Database => _database.Value;

    private readonly Lazy<string> _database = new(() => TestDatabase.Create("faults"));

    public string Prefix { get; } = WorkerHost.NewPrefix();

    public static async Task<ProcessStack> CreateAsync()
    {
        var rabbit = await RabbitMqEndpoint.AcquireAsync();
        try
        {
            return new ProcessStack(rabbit, await VirtualHost.CreateAsync(rabbit));
        }
        catch
        {
            await rabbit.DisposeAsync();
            throw;
        }
    }

    /// <summary>Broker, store and tiers: what gateway and workers must agree on.</summary>
    public Dictionary<string, string?> SharedSettings(string role)
    {
        return StackSettings.Merge(Rabbit.Settings(VirtualHost.Name, $"{Prefix}-{role}"), ServicesFixture.Instance.S3Settings(Bucket), new Dictionary<string, string?>
        {
            ["Tiers:QueuePrefix"] = Prefix,
            ["Tiers:MaxGroupSize"] = GroupSize.ToString(),
            ["Tiers:TimeLimit"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Warning",
        });
    }

    public Dictionary<string, string?> GatewaySettings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = SharedSettings("gateway");
        // Distributed mode requires API keys unless told otherwise, and submits are rate limited per client address:
        // these tests are about faults, so the gateway runs open and unlimited (tests/*/Access cover keys and limits).
        settings["Auth:RequireKeys"] = "false";
        settings["RateLimits:Enabled"] = "false";
        settings["Webhooks:Secret"] = DistributedGateway.Secret;
        settings["Webhooks:AllowPrivateNetworks"] = "true"; // tests only: the receivers listen on 127.0.0.1
        settings["Webhooks:RetrySchedule:0"] = "00:00:01";
        settings["Webhooks:RetrySchedule:1"] = "00:00:02";
        settings["Webhooks:RetrySchedule:2"] = "00:00:02";
        settings["Webhooks:RetrySchedule:3"] = "00:00:03";
        settings["Webhooks:RetrySchedule:4"] = "00:00:03";
        settings["Webhooks:JitterFraction"] = "0";
        settings["Outbox:PollInterval"] = "00:00:00.250";
        settings["Webhooks:Timeout"] = "00:00:05";
        return StackSettings.Merge(settings, StackSettings.Postgres(Database), overrides);
    }

    public Dictionary<string, string?> WorkerSettings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = SharedSettings("worker");
        settings["Engine:Device"] = "Cpu";
        // A 128 bucket for the small test pictures (the smallest default is 256), and only that shape warmed.
        settings["Engine:BucketSides:0"] = ImageSide.ToString();
        settings["Engine:BucketSides:1"] = "256";
        settings["Engine:WarmUpShapes:0"] = $"{ImageSide}x{ImageSide}";
        return StackSettings.Merge(settings, overrides);
    }

    /// <summary>Starts a gateway process and waits for /health/ready (storage, bus, tier queues).</summary>
    public Task<AppProcess> StartGatewayAsync(IReadOnlyDictionary<string, string?>? overrides = null, int? port = null) =>
        StartAsync(AppProject.Gateway, GatewaySettings(overrides), port);

    /// <summary>Starts a worker process and waits for /health/ready (engine warm, storage, bus with every tier endpoint).</summary>
    public Task<AppProcess> StartWorkerAsync(IReadOnlyDictionary<string, string?>? overrides = null) =>
        StartAsync(AppProject.GpuWorker, WorkerSettings(overrides), null);

    /// <summary>n different generated PNGs of <see cref="ImageSide"/>² (tier s), named pic-00.png, pic-01.png, ...</summary>
    public static List<(string Name, byte[] Bytes)> Pictures(int n) =>
        Enumerable.Range(0, n).Select(i => ($"pic-{i:D2}.png", TestPictures.Png(ImageSide, ImageSide, seed: i + 1))).ToList();

    /// <summary>Processes that exited although the test did not end them: crashes. The fault tests assert there are none.</summary>
    public IReadOnlyList<AppProcess> Crashed() => _processes.Crashed();

    /// <summary>Fails with their output when any process crashed.</summary>
    public void AssertNoCrash()
    {
        var crashed = Crashed();
        Assert.True(crashed.Count == 0, "processes crashed: " + string.Join(Environment.NewLine, crashed.Select(p => p.Describe())));
    }

    /// <summary>The output of every process started, for an assertion message.</summary>
    public string DescribeAll() => _processes.DescribeAll();

    /// <summary>With CARTOON_TEST_LOG=1 every process's output goes to the test output, passed or failed.</summary>
    public void LogOutputsTo(Xunit.Abstractions.ITestOutputHelper output)
    {
        if (Environment.GetEnvironmentVariable("CARTOON_TEST_LOG") == "1")
            output.WriteLine(DescribeAll());
    }

    public async ValueTask DisposeAsync()
    {
        await _processes.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Rabbit.DisposeAsync();
        await S3Admin.DeleteBucketAsync(ServicesFixture.Instance, Bucket);
    }

    private async Task<AppProcess> StartAsync(AppProject project, Dictionary<string, string?> settings, int? port)
    {
        var process = _processes.Start(project, settings, port);
        await process.WaitUntilReadyAsync(StartTimeout);
        return process;
    }
}
