using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Worker;
using Cartoon.Messaging.Tiers;
using Cartoon.Tests.Shared.Webhooks;

namespace Cartoon.Integration.Tests.Distributed;

/// <summary>
/// The distributed deployment in one test process, started once per test class: a gateway
/// (WebApplicationFactory&lt;Program&gt;, Messaging:Transport=RabbitMq, Storage:Provider=S3) and a GPU worker composed
/// exactly as src/GpuWorker composes it (<see cref="WorkerHost"/>, hostWorker: true, the real engine on the CPU with
/// the real models), on the real RabbitMQ (a vhost of its own) and s3rver (a fresh bucket), with the SAME
/// Tiers:QueuePrefix, plus a real webhook listener on 127.0.0.1 and a subscriber to JobCompleted on the broker.
/// </summary>
public sealed class DistributedStack : IAsyncLifetime
{
    private RabbitMqEndpoint? _rabbit;
    private VirtualHost? _vhost;
    private WorkerHost? _worker;

    public string Bucket { get; } = ServicesFixture.NewBucketName("e2e");

    public string Prefix { get; } = WorkerHost.NewPrefix();

    public InProcessGateway Gateway { get; private set; } = null!;

    public WebhookReceiver Webhooks { get; private set; } = null!;

    internal JobCompletedTap JobCompleted { get; private set; } = null!;

    internal WorkerHost Worker => _worker!;

    internal VirtualHost VirtualHost => _vhost!;

    /// <summary>The worker's tier plans (group limits): what the worker process itself computed.</summary>
    public TierCatalog WorkerTiers => Worker.Tiers;

    public TimeSpan StartupTime { get; private set; }

    /// <summary>One database for every gateway of this stack: they are replicas of one deployment.</summary>
    private readonly Lazy<string> _database = new(() => TestDatabase.Create("e2e"));

    public async Task InitializeAsync()
    {
        var started = DateTime.UtcNow;
        _rabbit = await RabbitMqEndpoint.AcquireAsync();
        _vhost = await VirtualHost.CreateAsync(_rabbit);
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
        return StackSettings.Merge(_rabbit!.Settings(_vhost!.Name, $"{Prefix}-gateway"), ServicesFixture.Instance.S3Settings(Bucket),
            StackSettings.Postgres(_database.Value), new Dictionary<string, string?>
        {
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
        if (_vhost is not null)
            await Step("vhost", () => _vhost.DisposeAsync().AsTask());
        if (_rabbit is not null)
            await Step("broker", () => _rabbit.DisposeAsync().AsTask());
        await Step("bucket", () => S3Admin.DeleteBucketAsync(ServicesFixture.Instance, Bucket));
        if (errors.Count > 0)
            throw new AggregateException(errors);
    }
}
