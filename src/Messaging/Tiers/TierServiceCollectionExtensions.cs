using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.OptionsValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cartoon.Messaging.Tiers;

public static class TierServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="TierOptions"/> (section "Tiers") and registers the <see cref="TierCatalog"/>
    /// singleton, sized by the registered <see cref="TierSizing"/> (a worker's, from its hardware) or the fixed one.
    /// The gateway needs the catalog to route items even when it hosts no worker (and no engine).
    /// </summary>
    public static IServiceCollection AddCartoonTiers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TierOptions, TierOptionsValidator>(options => BindTierOptions(configuration.GetSection(TierOptions.Section), options));
        services.AddCartoonEngineOptions(configuration);

        // A host that runs the engine (worker, embedded gateway) registers the sizing it reads from its hardware first
        // (AddCartoonWorker); a gateway that only routes plans the tiers on the fixed sizing, as its GPU workers' default.
        services.TryAddSingleton(sp => TierSizing.ForRouting(sp.GetRequiredService<IOptions<TierOptions>>().Value));
        services.TryAddSingleton(sp =>
        {
            return new TierCatalog(sp.GetRequiredService<IOptions<TierOptions>>(), Sizing(sp), sp.GetRequiredService<TierSizing>());
        });
        return services;
    }

    /// <summary>
    /// The engine's cost model, maximum head batch and input side limit: from the engine's registrations where
    /// AddCartoonEngine ran (worker, embedded gateway), else read from the same "Engine" keys (a distributed gateway
    /// hosts no engine but must plan the same tiers as its workers; it plans them padded, as on the GPU workers'
    /// default). Either way the options are the validated ones (<see cref="EngineOptionsRegistration"/>).
    /// </summary>
    private static EngineSizing Sizing(IServiceProvider services)
    {
        var engine = services.GetRequiredService<IOptions<EngineOptions>>().Value;
        if (services.GetService<MemoryCostModel>() is { } registered)
            return EngineSizing.From(registered, engine);

        var cost = services.GetRequiredService<IOptions<MemoryCostOptions>>().Value;
        var buckets = new ShapeBuckets(engine.BucketSides, ShapeBuckets.DefaultBatches);
        return EngineSizing.From(new MemoryCostModel(cost, buckets, engine.PadBatchToBucket ?? true), engine);
    }

    /// <summary>
    /// The configuration binder appends a configured list to the default one; a configured "Sizes" list must
    /// replace the defaults instead, or every configured tier would sit beside a default tier of the same name.
    /// </summary>
    internal static void BindTierOptions(IConfigurationSection section, TierOptions options)
    {
        var sizes = section.GetSection(nameof(TierOptions.Sizes));
        if (sizes.Exists())
            options.Sizes = [];
        section.Bind(options);
    }
}
