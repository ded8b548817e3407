using Cartoon.Integration.Tests.Distributed;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Observability;
using Cartoon.Integration.Tests.Worker;

namespace Cartoon.Integration.Tests.Faults;

/// <summary>
/// The fault tests' <see cref="DeploymentStack"/>: Cartoon.Gateway.dll and Cartoon.GpuWorker.dll as processes on the
/// real RabbitMQ (<see cref="RabbitMqEndpoint"/>), S3 server and PostgreSQL, with a fresh tier queue prefix besides the
/// stack's own vhost, bucket and database. Small groups (<see cref="GroupSize"/>) of small pictures
/// (<see cref="Pictures"/>) on the CPU engine, so 60 items take about a minute on two shared cores.
/// Disposing ends the stack, then gives the broker back.
/// </summary>
internal sealed class ProcessStack : IAsyncDisposable
{
    public const int GroupSize = 4;

    /// <summary>Side of the test pictures (<see cref="Pictures"/>): small, so the CPU engine runs a group in about a second.</summary>
    public const int ImageSide = 128;
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly DeploymentStack _stack;

    private ProcessStack(RabbitMqEndpoint rabbit, DeploymentStack stack)
    {
        Rabbit = rabbit;
        _stack = stack;
        VirtualHost = VirtualHost.Existing(rabbit, stack.VirtualHost);
    }

    public RabbitMqEndpoint Rabbit { get; }

    /// <summary>The stack's vhost, for the tests' probes (queue counts, taps); the stack deletes it.</summary>
    public VirtualHost VirtualHost { get; }

    public string Prefix { get; } = WorkerHost.NewPrefix();

    public static async Task<ProcessStack> CreateAsync()
    {
        var rabbit = await RabbitMqEndpoint.AcquireAsync();
        try
        {
            return new ProcessStack(rabbit, await DeploymentStack.CreateAsync(rabbit.StackServices(), ServicesFixture.NewBucketName("faults")));
        }
        catch
        {
            await rabbit.DisposeAsync();
            throw;
        }
    }

    /// <summary>Tiers and logging: what gateway and workers of these tests must agree on; the connection named for the role.</summary>
    private Dictionary<string, string?> SharedSettings(string role) => new()
    {
        ["Messaging:RabbitMq:ConnectionName"] = $"{Prefix}-{role}",
        ["Tiers:QueuePrefix"] = Prefix,
        ["Tiers:MaxGroupSize"] = GroupSize.ToString(),
        ["Tiers:TimeLimit"] = "00:00:00.500",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:MassTransit"] = "Warning",
    };

    private Dictionary<string, string?> GatewaySettings(IReadOnlyDictionary<string, string?>? overrides)
    {
        var settings = SharedSettings("gateway");
        // Distributed mode requires API keys unless told otherwise, and submits are rate limited per client address:
        // these tests are about faults, so the gateway runs open and unlimited (tests/*/Access cover keys and limits).
        settings["Auth:RequireKeys"] = "false";
        settings["RateLimits:Enabled"] = "false";
        settings["Webhooks:Secret"] = InProcessGateway.Secret;
        settings["Webhooks:AllowPrivateNetworks"] = "true"; // tests only: the receivers listen on 127.0.0.1
        settings["Webhooks:RetrySchedule:0"] = "00:00:01";
        settings["Webhooks:RetrySchedule:1"] = "00:00:02";
        settings["Webhooks:RetrySchedule:2"] = "00:00:02";
        settings["Webhooks:RetrySchedule:3"] = "00:00:03";
        settings["Webhooks:RetrySchedule:4"] = "00:00:03";
        settings["Webhooks:JitterFraction"] = "0";
        settings["Outbox:PollInterval"] = "00:00:00.250";
        settings["Webhooks:Timeout"] = "00:00:05";
        return StackSettings.Merge(settings, overrides);
    }

    private Dictionary<string, string?> WorkerSettings(IReadOnlyDictionary<string, string?>? overrides)
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
    public IReadOnlyList<AppProcess> Crashed() => _stack.Crashed();

    /// <summary>Fails with their output when any process crashed.</summary>
    public void AssertNoCrash()
    {
        var crashed = Crashed();
        Assert.True(crashed.Count == 0, "processes crashed: " + string.Join(Environment.NewLine, crashed.Select(p => p.Describe())));
    }

    /// <summary>The output of every process started, for an assertion message.</summary>
    public string DescribeAll() => _stack.DescribeAll();

    /// <summary>With CARTOON_TEST_LOG=1 every process's output goes to the test output, passed or failed.</summary>
    public void LogOutputsTo(Xunit.Abstractions.ITestOutputHelper output)
    {
        if (Environment.GetEnvironmentVariable("CARTOON_TEST_LOG") == "1")
            output.WriteLine(DescribeAll());
    }

    public async ValueTask DisposeAsync()
    {
        await _stack.DisposeAsync();
        await Rabbit.DisposeAsync();
    }

    private async Task<AppProcess> StartAsync(AppProject project, Dictionary<string, string?> settings, int? port)
    {
        var process = _stack.Start(project, settings, port: port);
        await process.WaitUntilReadyAsync(StartTimeout);
        return process;
    }
}
