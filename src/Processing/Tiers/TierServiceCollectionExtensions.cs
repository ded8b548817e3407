using System.ComponentModel.DataAnnotations;
using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cartoon.Processing.Tiers;

public static class TierServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="TierOptions"/> (section "Tiers") and registers the <see cref="TierCatalog"/>
    /// singleton. The gateway needs it to route items even when it hosts no worker. Needs the engine's
    /// <see cref="MemoryCostModel"/> and <see cref="EngineOptions"/> (AddCartoonEngine) registered too.
    /// </summary>
    public static IServiceCollection AddCartoonTiers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TierOptions>()
            .Configure(options => BindTierOptions(configuration.GetSection(TierOptions.Section), options))
            .ValidateDataAnnotations()
            .Validate(ValidateSizes, "Tiers:Sizes must hold at least one tier, each valid (Name ^[a-z0-9]{1,16}$, sides 16..16384), with unique names.")
            .ValidateOnStart();

        services.TryAddSingleton(sp => new TierCatalog(
            sp.GetRequiredService<IOptions<TierOptions>>(),
            sp.GetRequiredService<MemoryCostModel>(),
            sp.GetRequiredService<IOptions<EngineOptions>>().Value.MaxHeadBatch));
        return services;
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

    internal static bool ValidateSizes(TierOptions options)
    {
        if (options.Sizes.Count == 0)
            return false;
        foreach (var tier in options.Sizes)
        {
            if (!Validator.TryValidateObject(tier, new ValidationContext(tier), null, validateAllProperties: true))
                return false;
        }
        return options.Sizes.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() == options.Sizes.Count;
    }
}
