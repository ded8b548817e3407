using Cartoon.Engine;
using Microsoft.Extensions.Configuration;

namespace Cartoon.Bench;

/// <summary>
/// Engine options the way a worker reads them: Engine__* environment variables, then `--set Engine:Key=Value` (later
/// wins). A key EngineOptions does not have is an error, so a setting this build lacks (Engine:Precision before the
/// precision option exists) stops the run instead of labelling an fp32 run as fp16. Engine:MemoryCost:* is not read:
/// the bench compares against the cost model's defaults.
/// </summary>
internal static class EngineSettings
{
    public static (EngineOptions Options, IConfiguration Configuration) Bind(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(Args.Settings(args).Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)))
            .Build();
        var options = new EngineOptions();
        configuration.GetSection(EngineOptions.Section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        return (options, configuration);
    }

    /// <summary>The configured Engine:Precision, or "default" (whatever the engine picks) where none is set.</summary>
    public static string Precision(IConfiguration configuration) => configuration[$"{EngineOptions.Section}:Precision"] ?? "default";
}
