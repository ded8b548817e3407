using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Worker;
using Cartoon.Messaging.Tiers;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Integration.Tests.Distributed;

/// <summary>
/// The distributed deployment in one test process, started once per test class: a gateway
/// (<see cref="InProcessGateway"/>, Messaging:Transport=RabbitMq, Storage:Provider=S3) and a GPU worker composed
/// exactly as src/GpuWorker composes it (<see cref="WorkerHost"/>, hostWorker: true, the real engine on the CPU with
/// the real models), with the SAME Tiers:QueuePrefix, plus a real webhook listener on 127.0.0.1 and a subscriber to
/// JobCompleted on the broker. Its vhost, bucket and database are a <see cref="DeploymentStack"/>'s, as the process
/// stacks' are (<c>ProcessStack</c>, the bench); only its hosts run in this process.
/// </summary>
public sealed class InProcessStack : IAsyncLifetime
{
    private RabbitMqEndpoint? _rabbit;
    private DeploymentStack? _deployment;
    private VirtualHost? _vhost;
    private WorkerHost? _worker;

    public string Bucket => _deployment!.Bucket;

    public string Prefix { get; } = WorkerHost.NewPrefix();

    public InProcessGateway Gateway { get; private set; } = null!;

    public WebhookReceiver Webhooks { get; private set; } = null!;

    internal JobCompletedTap JobCompleted { get; private set; } = null!;

    internal WorkerHost Worker => _worker!;

    internal VirtualHost VirtualHost => _vhost!;

    /// <summary>The worker's tier plans (group limits): what the worker process itself computed.</summary>
    public TierCatalog WorkerTiers => Worker.Tiers;

    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var started = DateTime.UtcNow;
        _rabbit = await RabbitMqEndpoint.AcquireAsync();
        _deployment = await DeploymentStack.CreateAsync(_rabbit.StackServices(), ServicesFixture.NewBucketName("e2e"));
        _vhost = VirtualHost.Existing(_rabbit, _deployment.VirtualHost);
        JobCompleted = await JobCompletedTap.StartAsync(_vhost);
        Webhooks = await WebhookReceiver.StartAsync();

        // WorkerHost's own settings (Tiers:MaxGroupSize=5, TimeLimit 1 s, warm-up 256², CPU), on our vhost.
        _worker = await WorkerHost.StartAsync(_rabbit, Bucket, Prefix, hostWorker: true, deleteQueuesOnDispose: false,
            settings: new Dictionary<string, string?> { ["Messaging:RabbitMq:VirtualHost"] = _vhost.Name });
        Gateway = await new InProcessGateway(GatewaySettings()).StartAsync(TimeSpan.FromMinutes(1));
        StartupTime = DateTime.UtcNow - started;
    }

    /// <summary>The distributed gateway's configuration; <paramref name="overrides"/> replace or add keys.</summary>
    public Dictionary<string, string?> GatewaySettings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        // No Gateway:Mode: the RabbitMq transport alone selects Distributed (docs/api.md, Modes).
        // One database for every gateway of this stack: they are replicas of one deployment.
        return StackSettings.Merge(_deployment!.ServiceSettings(AppProject.Gateway), new Dictionary<string, string?>
        {
            ["Messaging:RabbitMq:ConnectionName"] = $"{Prefix}-gateway",
            ["Storage:RetryBaseDelay"] = "00:00:00.050",
            // The gateway routes by the same tiers as its workers (docs/configuration-worker.md).
            ["Tiers:QueuePrefix"] = Prefix,
            ["Tiers:MaxGroupSize"] = "5",
            ["Tiers:TimeLimit"] = "00:00:01",
            // Distributed mode requires API keys unless told otherwise; these tests run open (tests/Gateway.Tests covers keys).
            ["Auth:RequireKeys"] = "false",
            ["Webhooks:Secret"] = InProcessGateway.Secret,
            ["Webhooks:AllowPrivateNetworks"] = "true", // tests only: the listener is on 127.0.0.1
            ["Webhooks:RetrySchedule:0"] = "00:00:01",
            ["Webhooks:RetrySchedule:1"] = "00:00:02",
            ["Webhooks:RetrySchedule:2"] = "00:00:04",
            ["Webhooks:JitterFraction"] = "0",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Webhooks:Timeout"] = "00:00:05",
            ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("CARTOON_TEST_LOG") == "1" ? "Information" : "Warning",
        }, overrides);
    }

    /// <summary>Every step bounded and attempted, so a stuck clean-up can never hang the test run.</summary>
    public async Task DisposeAsync()
    {
        var errors = new List<Exception>();
        async Task Step(string name, Func<Task> step)
        {
            try
            {
                await step().WaitAsync(TimeSpan.FromSeconds(90));
            }
            catch (Exception ex)
            {
                errors.Add(new InvalidOperationException($"clean-up step '{name}' failed: {ex.Message}", ex));
            }
        }

        if (Gateway is not null)
            await Step("gateway", () => Gateway.DisposeAsync().AsTask());
        if (_worker is not null)
            await Step("worker", () => _worker.DisposeAsync().AsTask());
        if (Webhooks is not null)
            await Step("webhook listener", () => Webhooks.DisposeAsync().AsTask());
        if (_deployment is not null)
            await Step("vhost, bucket and database", () => _deployment.DisposeAsync().AsTask());
        if (_rabbit is not null)
            await Step("broker", () => _rabbit.DisposeAsync().AsTask());
        if (errors.Count > 0)
            throw new AggregateException(errors);
    }
}
