using System.Diagnostics.Metrics;
using Cartoon.Engine.Batching;
using Cartoon.Engine.Diagnostics;
using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cartoon.Engine;

public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// The engine as a singleton (models resident), its cost model, a hosted service that loads and warms the
    /// preloaded styles at start (for the host's <see cref="WarmUpGroups"/> where it registers them), and an "engine" health check (tag "ready") healthy once warm.
    /// </summary>
    public static IServiceCollection AddCartoonEngine(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(EngineOptions.Section);
        services.AddOptions<EngineOptions>()
            .Bind(section)
            .PostConfigure(o => ReplaceConfiguredLists(o, section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.AddOptions<MemoryCostOptions>().Bind(configuration.GetSection("Engine:MemoryCost")).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(sp => new EngineMetrics(sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => new CartoonEngine(sp.GetRequiredService<IOptions<EngineOptions>>().Value,
            sp.GetRequiredService<ILogger<CartoonEngine>>(), sp.GetRequiredService<EngineMetrics>()));
        services.AddSingleton<ICartoonEngine>(sp => sp.GetRequiredService<CartoonEngine>());
        // The engine decides whether passes are padded (by device), so the cost model follows the engine it budgets.
        services.AddSingleton(sp =>
        {
            var engine = sp.GetRequiredService<CartoonEngine>();
            return new MemoryCostModel(sp.GetRequiredService<IOptions<MemoryCostOptions>>().Value, engine.Buckets, engine.PadBatch);
        });
        services.AddSingleton<EngineReadiness>();
        services.AddHostedService<EngineWarmupService>();
        services.AddHealthChecks().AddCheck<EngineHealthCheck>("engine", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// The binder appends configured entries to a list that already has items, so Engine:WarmUpShapes:0=720x720 would
    /// warm 256x256 AND 720x720. A list given in configuration replaces the default one.
    /// </summary>
    internal static void ReplaceConfiguredLists(EngineOptions options, IConfigurationSection section)
    {
        if (section.GetSection(nameof(EngineOptions.Preload)).Get<List<string>>() is { Count: > 0 } preload)
            options.Preload = preload;
        if (section.GetSection(nameof(EngineOptions.BucketSides)).Get<List<int>>() is { Count: > 0 } sides)
            options.BucketSides = sides;
        if (section.GetSection(nameof(EngineOptions.WarmUpShapes)).Get<List<string>>() is { Count: > 0 } shapes)
            options.WarmUpShapes = shapes;
    }
}

