using Cartoon.Engine;
using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Tests;

/// <summary>
/// A distributed gateway hosts no engine but plans its tiers from the same "Engine" keys as its workers
/// (AddCartoonTiers without AddCartoonEngine): those keys are bound and validated as the engine's host binds them.
/// </summary>
public class RoutingEngineOptionsTests
{
    private static ServiceProvider Routing(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddCartoonTiers(configuration).BuildServiceProvider();
    }

    [Fact]
    public void A_bad_engine_setting_stops_a_gateway_without_engine_with_the_engines_message()
    {
        using var services = Routing(new() { ["Engine:TileSide"] = "100", ["Engine:MaxHeadBatch"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<TierCatalog>());

        Assert.Contains("Engine:TileSide must be a multiple of 16", error.Message);
        Assert.Contains("MaxHeadBatch", error.Message);
    }

    [Fact]
    public void A_configured_bucket_list_replaces_the_default_one_as_on_the_worker()
    {
        using var services = Routing(new() { ["Engine:BucketSides:0"] = "128", ["Engine:BucketSides:1"] = "640" });

        Assert.Equal([128, 640], services.GetRequiredService<IOptions<EngineOptions>>().Value.BucketSides);
        Assert.NotNull(services.GetRequiredService<TierCatalog>());
    }

    [Fact]
    public void The_engine_options_register_once_when_both_the_tiers_and_the_engine_ask_for_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Engine:Preload:0"] = "sketch" }).Build();
        var services = new ServiceCollection().AddCartoonTiers(configuration).AddCartoonEngineOptions(configuration);

        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<EngineOptions>) && d.ImplementationType == typeof(EngineOptionsValidator));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(["sketch"], provider.GetRequiredService<IOptions<EngineOptions>>().Value.Preload);
    }
}
