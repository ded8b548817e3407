// TEMPORARY (branch `worker`): a stand-in so the worker builds before main's engine DI lands.
// When merging, take main's version of this file and delete this one; it only mirrors the names the
// worker codes against: AddCartoonEngine, EngineOptions ("Engine", MaxHeadBatch) and MemoryCostModel.
// It registers NO ICartoonEngine and no "engine" health check: a worker host built on it is not ready.
using System.ComponentModel.DataAnnotations;
using Cartoon.Engine.Batching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cartoon.Engine;

public static class EngineServiceCollectionExtensions
{
    public static IServiceCollection AddCartoonEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>()
            .Bind(configuration.GetSection(EngineOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(new MemoryCostModel(new MemoryCostOptions(), ShapeBuckets.Default));
        return services;
    }
}

public sealed class EngineOptions
{
    public const string Section = "Engine";

    public string? ModelsDirectory { get; set; }

    [Range(1, 1024)]
    public int MaxHeadBatch { get; set; } = 16;
}
