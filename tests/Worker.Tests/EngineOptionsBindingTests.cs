using Cartoon.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Tests;

/// <summary>AddCartoonEngine's options: a list given in configuration replaces the default list instead of extending it.</summary>
public class EngineOptionsBindingTests
{
    private static EngineOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddCartoonEngine(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<EngineOptions>>().Value;
    }

    [Fact]
    public void Configured_warm_up_shapes_bucket_sides_and_preload_replace_the_defaults()
    {
        var options = Bind(new()
        {
            ["Engine:WarmUpShapes:0"] = "512x384",
            ["Engine:BucketSides:0"] = "128",
            ["Engine:BucketSides:1"] = "256",
            ["Engine:Preload:0"] = "sketch",
        });

        Assert.Equal(["512x384"], options.WarmUpShapes);
        Assert.Equal([128, 256], options.BucketSides);
        Assert.Equal(["sketch"], options.Preload);
    }

    [Fact]
    public void Unconfigured_lists_keep_their_defaults()
    {
        var options = Bind(new() { ["Engine:Device"] = "Cpu" });

        Assert.Equal(["256x256"], options.WarmUpShapes);
        Assert.Equal(Engine.Batching.ShapeBuckets.DefaultSides, options.BucketSides);
        Assert.Equal([Styles.Default], options.Preload);
    }
}
