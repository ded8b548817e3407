using System.Globalization;
using System.Text.RegularExpressions;
using MassTransit;

namespace Cartoon.Bench;

/// <summary>
/// The distributed deployment on this machine: the RabbitMQ and S3 server that scripts/services.sh started (addresses
/// from .local/services.env, which bench/perf.sh sources), a vhost and a bucket of this run's own (fresh queues,
/// removed at the end), and the worker and gateway processes started on them from their Release builds.
/// </summary>
internal sealed partial class DistributedStack : IAsyncDisposable
{
    private readonly Uri _rabbit;
    private readonly Uri _management;
    private readonly string _s3;
    private readonly string _vhost;
    private readonly string _bucket;
    private readonly AppGroup _apps = new();

    private DistributedStack(Uri rabbit, Uri management, string s3, string runId, string logDirectory, string? postgresServer)
    {
        _rabbit = rabbit;
        _management = management;
        _s3 = s3;
        _vhost = $"cartoon-bench-{runId}";
        _bucket = $"bench-{runId}";
        LogDirectory = logDirectory;
        if (postgresServer is not null)
            Database = new BenchDatabase(postgresServer, $"bench_{runId}");
    }

    public string LogDirectory { get; }

    /// <summary>This run's own PostgreSQL database (job state of every gateway of the stack), when CARTOON_TEST_POSTGRES is set.</summary>
    public BenchDatabase? Database { get; }

    /// <summary>The broker address the apps use, with this run's vhost.</summary>
    public Uri BrokerUri => new UriBuilder(_rabbit) { Path = _vhost }.Uri;

    /// <summary>A started bus on this stack's broker: the bench playing the workers (publishing their events).</summary>
    public static async Task<IBusControl> StartPublisherAsync(Uri broker)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker, h =>
        {
            h.Username("guest");
            h.Password("guest");
        }));
        await bus.StartAsync();
        return bus;
    }

    public static async Task<DistributedStack> CreateAsync(string logDirectory)
    {
        string Env(string name) => Environment.GetEnvironmentVariable(name)
            ?? throw new InvalidOperationException($"{name} is not set: start the services (scripts/services.sh start) and source .local/services.env.");
        var runId = DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture);
        // Gateways keep job state in PostgreSQL as deployed; without a server they fall back to SQLite (one process only).
        var postgres = Environment.GetEnvironmentVariable("CARTOON_TEST_POSTGRES") is { Length: > 0 } server ? server : null;
        var stack = new DistributedStack(new Uri(Env("CARTOON_TEST_RABBITMQ")), new Uri(Env("CARTOON_TEST_RABBITMQ_MANAGEMENT")),
            Env("CARTOON_TEST_S3"), runId, logDirectory, postgres);
        if (stack.Database is not null)
            await stack.Database.CreateAsync();
        using var http = stack.Management();
        await BrokerAdmin.CreateVirtualHostAsync(http, stack._vhost, "guest", "Cartoon bench");
        return stack;
    }

    /// <summary>A GpuWorker on this stack; <paramref name="settings"/> are configuration keys (Tiers:MaxGroupSize …) on top of its defaults.</summary>
    public AppProcess StartWorker(string name, IReadOnlyDictionary<string, string>? settings = null) => Start(name, AppProject.GpuWorker, settings);

    /// <summary>
    /// A distributed gateway on this stack, open and unlimited (<see cref="OpenGateway"/>) unless <paramref name="settings"/> say otherwise:
    /// the benchmarks measure the path, not the limits in front of it.
    /// </summary>
    /// <param name="repoRoot">The checkout whose gateway build runs (before/after runs); null: this one.</param>
    public AppProcess StartGateway(string name, IReadOnlyDictionary<string, string>? settings = null, string? repoRoot = null)
    {
        var all = new Dictionary<string, string>(OpenGateway);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            all[key] = value;
        return Start(name, AppProject.Gateway, all, repoRoot);
    }

    /// <summary>No API keys (a bench on 127.0.0.1), no rate limits, no backlog cap (the ingest run queues thousands of items).</summary>
    public static readonly IReadOnlyDictionary<string, string> OpenGateway = new Dictionary<string, string>
    {
        ["Auth:RequireKeys"] = "false",
        ["RateLimits:Enabled"] = "false",
        ["Backpressure:MaxQueuedItemsPerTier"] = "0",
    };

    /// <summary>An app of its Release build (what the benchmarks measure) on this stack's broker, store and database.</summary>
    private AppProcess Start(string name, AppProject project, IReadOnlyDictionary<string, string>? settings, string? repoRoot = null)
    {
        var env = StackSettings.Merge(
            StackSettings.RabbitMq(_rabbit.Host, _rabbit.Port, virtualHost: _vhost),
            StackSettings.S3(_s3, Environment.GetEnvironmentVariable("CARTOON_TEST_S3_ACCESS_KEY") ?? "S3RVER",
                Environment.GetEnvironmentVariable("CARTOON_TEST_S3_SECRET_KEY") ?? "S3RVER", _bucket),
            project == AppProject.Gateway && Database is not null ? StackSettings.Postgres(Database.ConnectionString) : null,
            settings?.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        return _apps.Start(project, env, name: name, logDirectory: LogDirectory, repoRoot: repoRoot, configuration: "Release");
    }

    /// <summary>Stops one app of this stack now (e.g. the worker before a restart with other settings).</summary>
    public void Stop(AppProcess app) => _apps.Stop(app);

    public async ValueTask DisposeAsync()
    {
        await _apps.DisposeAsync();
        try
        {
            using var http = Management();
            await BrokerAdmin.DeleteVirtualHostAsync(http, _vhost);
        }
        catch (HttpRequestException)
        {
            // the broker went away first; its vhost goes with its state
        }
        if (Database is not null)
            await Database.DropAsync();
    }

    private HttpClient Management() => BrokerAdmin.Client(_management, "guest", "guest", TimeSpan.FromSeconds(30));

    /// <summary>The worker's "Engine warm: styles … loaded and warmed in N ms" line, or null.</summary>
    public static double? WarmMs(string line) =>
        WarmLine().Match(line) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>The worker's per-group log line: (tier, size, inference ms, total ms), or null.</summary>
    public static (string Tier, int Size, double InferenceMs, double TotalMs)? Group(string line) =>
        GroupLine().Match(line) is { Success: true } m
            ? (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture))
            : null;

    /// <summary>The worker's start-up plan of a tier: (tier, group limit, its memory budget MiB, planned group MiB), or null.</summary>
    public static (string Tier, int GroupLimit, double BudgetMiB, double GroupMiB)? TierPlan(string line) =>
        TierLine().Match(line) is { Success: true } m
            ? (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture))
            : null;

    [GeneratedRegex(@"Engine warm: .* in (\d+) ms")]
    private static partial Regex WarmLine();

    [GeneratedRegex(@"Group tier=(\w+) size=(\d+) .*inference_ms=([\d.]+) total_ms=([\d.]+)")]
    private static partial Regex GroupLine();

    [GeneratedRegex(@"Tier (\w+): .*group_limit=(\d+) .*budget=(\d+) MiB.*group_bytes=(\d+) MiB")]
    private static partial Regex TierLine();
}
