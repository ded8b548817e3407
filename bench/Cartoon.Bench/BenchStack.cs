using System.Globalization;

namespace Cartoon.Bench;

/// <summary>
/// The bench's <see cref="DeploymentStack"/>: on the RabbitMQ, S3 server and PostgreSQL that scripts/services.sh
/// started (addresses from .local/services.env, which bench/perf.sh sources), named for the run, its apps from their
/// Release builds (what the benchmarks measure).
/// </summary>
internal static class BenchStack
{
    /// <summary>No API keys (a bench on 127.0.0.1), no rate limits, no backlog cap (the ingest run queues thousands of items).</summary>
    public static readonly IReadOnlyDictionary<string, string> OpenGateway = new Dictionary<string, string>
    {
        ["Auth:RequireKeys"] = "false",
        ["RateLimits:Enabled"] = "false",
        ["Backpressure:MaxQueuedItemsPerTier"] = "0",
    };

    /// <param name="logDirectory">Where every app's output goes (&lt;app name&gt;.log).</param>
    public static Task<DeploymentStack> CreateAsync(string logDirectory) =>
        DeploymentStack.CreateAsync(StackServices.FromEnvironment(), $"bench-{DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture)}",
            logDirectory, configuration: "Release");

    /// <summary>A GpuWorker on the stack; <paramref name="settings"/> are configuration keys (Tiers:MaxGroupSize …) on top of its defaults.</summary>
    public static AppProcess StartWorker(this DeploymentStack stack, string name, IReadOnlyDictionary<string, string>? settings = null) =>
        stack.Start(AppProject.GpuWorker, AsSettings(settings), name);

    /// <summary>
    /// A distributed gateway on the stack, open and unlimited (<see cref="OpenGateway"/>) unless <paramref name="settings"/> say otherwise:
    /// the benchmarks measure the path, not the limits in front of it.
    /// </summary>
    /// <param name="repoRoot">The checkout whose gateway build runs (before/after runs); null: this one.</param>
    public static AppProcess StartGateway(this DeploymentStack stack, string name, IReadOnlyDictionary<string, string>? settings = null, string? repoRoot = null) =>
        stack.Start(AppProject.Gateway, StackSettings.Merge(AsSettings(OpenGateway), AsSettings(settings)), name, repoRoot: repoRoot);

    private static IEnumerable<KeyValuePair<string, string?>>? AsSettings(IReadOnlyDictionary<string, string>? settings) =>
        settings?.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value));
}
