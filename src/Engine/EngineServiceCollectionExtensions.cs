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
        services.AddCartoonEngineOptions(configuration);

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
}

