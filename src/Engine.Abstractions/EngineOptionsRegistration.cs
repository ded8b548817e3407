using Cartoon.Engine.Batching;
using Cartoon.OptionsValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Engine;

public static class EngineOptionsRegistration
{
    /// <summary>
    /// <see cref="EngineOptions"/> (section "Engine") and <see cref="MemoryCostOptions"/> ("Engine:MemoryCost"), bound
    /// and validated at start. The engine's host (worker, embedded gateway) and a distributed gateway, which plans the
    /// same tiers from the same keys without an engine, read them through this one registration, so a bad setting
    /// stops either at start with the same message. Registering twice is harmless.
    /// </summary>
    public static IServiceCollection AddCartoonEngineOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(Registered)))
            return services;
        services.AddSingleton<Registered>();
        var section = configuration.GetSection(EngineOptions.Section);
        services.AddValidatedOptions<EngineOptions, EngineOptionsValidator>(section).PostConfigure(o => ReplaceConfiguredLists(o, section));
        services.AddValidatedOptions<MemoryCostOptions>(section.GetSection("MemoryCost"));
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

    private sealed class Registered;
}
