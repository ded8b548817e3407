using Cartoon.Engine.Batching;
using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Tests;

public class TierCatalogTests
{
    private const int MaxHeadBatch = 16;
    private const long GiB = 1024L * 1024 * 1024;

    private static readonly MemoryCostModel CostModel = new(new MemoryCostOptions(), ShapeBuckets.Default, padBatch: true);

    private static EngineSizing Sizing(MemoryCostModel? costModel = null) =>
        EngineSizing.From(costModel ?? CostModel, new Cartoon.Engine.EngineOptions { MaxHeadBatch = MaxHeadBatch });

    private static TierCatalog Catalog(long budget = 14 * GiB, int maxGroupSize = 16, List<SizeTier>? sizes = null, bool padBatch = true)
    {
        var options = new TierOptions { MemoryBudgetBytes = budget, MaxGroupSize = maxGroupSize };
        if (sizes is not null)
            options.Sizes = sizes;
        return new TierCatalog(Options.Create(options), Sizing(new MemoryCostModel(new MemoryCostOptions(), ShapeBuckets.Default, padBatch)));
    }

    [Theory]
    [InlineData(512, 384, "s")]
    [InlineData(384, 512, "s")]
    [InlineData(512, 512, "s")]
    [InlineData(513, 512, "m")]
    [InlineData(960, 720, "m")]
    [InlineData(720, 960, "m")]
    [InlineData(1280, 720, "l")]
    [InlineData(720, 1280, "l")]
    [InlineData(2000, 720, "xl")]
    [InlineData(720, 2000, "xl")]
    [InlineData(9000, 720, "xl")] // beyond every box: the largest tier
    public void Resolves_the_smallest_tier_that_holds_the_work_size_in_either_orientation(int width, int height, string tier)
    {
        Assert.Equal(tier, Catalog().Resolve(width, height).Name);
    }

    [Fact]
    public void A_landscape_only_box_takes_portraits_too()
    {
        var catalog = Catalog(sizes:
        [
            new SizeTier { Name = "wide", MaxWidth = 1280, MaxHeight = 720 },
            new SizeTier { Name = "huge", MaxWidth = 4096, MaxHeight = 4096 },
        ]);

        Assert.Equal("wide", catalog.Resolve(1280, 720).Name);
        Assert.Equal("wide", catalog.Resolve(720, 1280).Name);
        Assert.Equal("huge", catalog.Resolve(1281, 720).Name);
    }

    [Fact]
    public void Plans_are_ordered_smallest_first_with_queue_names_from_the_prefix()
    {
        var catalog = Catalog(sizes:
        [
            new SizeTier { Name = "big", MaxWidth = 1280, MaxHeight = 1280 },
            new SizeTier { Name = "small", MaxWidth = 256, MaxHeight = 256 },
        ]);

        Assert.Equal(["small", "big"], catalog.SizeTiers.Select(p => p.Name));
        Assert.Equal(["cartoonize-small", "cartoonize-big"], catalog.SizeTiers.Select(p => p.QueueName));
    }

    [Fact]
    public void A_smaller_budget_gives_smaller_groups()
    {
        var large = Catalog(40 * GiB, maxGroupSize: 256).SizeTiers;
        var small = Catalog(6 * GiB, maxGroupSize: 256).SizeTiers;

        Assert.All(large.Zip(small), pair => Assert.True(pair.Second.GroupLimit <= pair.First.GroupLimit));
        Assert.Contains(large.Zip(small), pair => pair.Second.GroupLimit < pair.First.GroupLimit);
    }

    [Fact]
    public void Larger_tiers_get_smaller_groups()
    {
        var plans = Catalog(22 * GiB, maxGroupSize: 256).SizeTiers;
        for (var i = 1; i < plans.Count; i++)
            Assert.True(plans[i].GroupLimit <= plans[i - 1].GroupLimit);
        Assert.True(plans[0].GroupLimit > plans[^1].GroupLimit);
    }

    [Theory]
    [InlineData(256L * 1024 * 1024)]
    [InlineData(1L * GiB)]
    [InlineData(3L * GiB)]
    public void The_limit_is_at_least_one_however_small_the_budget(long budget)
    {
        Assert.All(Catalog(budget).SizeTiers, p => Assert.True(p.GroupLimit >= 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public void The_limit_never_exceeds_Tiers_MaxGroupSize(int maxGroupSize)
    {
        Assert.All(Catalog(78 * GiB, maxGroupSize).SizeTiers, p => Assert.InRange(p.GroupLimit, 1, maxGroupSize));
    }

    [Fact]
    public void Unset_the_cap_follows_the_device_16_on_a_GPU_and_2_on_the_CPU()
    {
        var unset = Options.Create(new TierOptions());
        var gpu = new TierCatalog(unset, Sizing(), cpu: false);
        var cpu = new TierCatalog(unset, Sizing(), cpu: true);

        Assert.Equal(TierOptions.GpuMaxGroupSize, gpu.GroupSizeCap);
        Assert.Equal(16, gpu.SizeTiers[0].GroupLimit); // the 512² tier on 14 GiB: the memory budget allows more
        Assert.Equal(TierOptions.CpuMaxGroupSize, cpu.GroupSizeCap);
        Assert.Equal([2, 2, 2, 1], cpu.SizeTiers.Select(p => p.GroupLimit));
    }

    [Fact]
    public void A_configured_cap_holds_on_either_device()
    {
        var five = Options.Create(new TierOptions { MaxGroupSize = 5 });
        Assert.Equal(5, new TierCatalog(five, Sizing(), cpu: true).SizeTiers[0].GroupLimit);
        Assert.Equal(5, new TierCatalog(five, Sizing(), cpu: false).SizeTiers[0].GroupLimit);
    }

    [Fact]
    public void The_default_tiers_on_the_default_budget()
    {
        // 14 GiB (a T4 with head-room): the small tiers are capped at 16, the largest runs alone.
        var plans = Catalog().SizeTiers;
        Assert.Equal(["s", "m", "l", "xl"], plans.Select(p => p.Name));
        Assert.Equal(16, plans[0].GroupLimit);
        Assert.Equal(1, plans[^1].GroupLimit);
        Assert.All(plans, p => Assert.True(p.GroupBytes <= 14 * GiB || p.GroupLimit == 1));
    }

    [Fact]
    public void Configured_sizes_replace_the_default_tiers()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tiers:MemoryBudgetBytes"] = (8 * GiB).ToString(),
            ["Tiers:Sizes:0:Name"] = "s",
            ["Tiers:Sizes:0:MaxWidth"] = "720",
            ["Tiers:Sizes:0:MaxHeight"] = "720",
            ["Tiers:Sizes:1:Name"] = "l",
            ["Tiers:Sizes:1:MaxWidth"] = "1920",
            ["Tiers:Sizes:1:MaxHeight"] = "1920",
        }).Build();
        var options = new TierOptions();

        TierServiceCollectionExtensions.BindTierOptions(configuration.GetSection(TierOptions.Section), options);

        Assert.Equal(["s", "l"], options.Sizes.Select(s => s.Name));
        Assert.Equal(8 * GiB, options.MemoryBudgetBytes);
        Assert.True(TierOptionsValidator.SizesAreValid(options));
    }

    [Fact]
    public void Without_configured_sizes_the_defaults_stay()
    {
        var options = new TierOptions();
        TierServiceCollectionExtensions.BindTierOptions(new ConfigurationBuilder().Build().GetSection(TierOptions.Section), options);
        Assert.Equal(["s", "m", "l", "xl"], options.Sizes.Select(s => s.Name));
    }

    [Fact]
    public void Duplicate_or_invalid_tiers_fail_validation()
    {
        Assert.False(TierOptionsValidator.SizesAreValid(new TierOptions
        {
            Sizes = [new() { Name = "s", MaxWidth = 512, MaxHeight = 512 }, new() { Name = "s", MaxWidth = 960, MaxHeight = 960 }],
        }));
        Assert.False(TierOptionsValidator.SizesAreValid(new TierOptions { Sizes = [new() { Name = "S!", MaxWidth = 512, MaxHeight = 512 }] }));
        Assert.False(TierOptionsValidator.SizesAreValid(new TierOptions { Sizes = [new() { Name = "s", MaxWidth = 0, MaxHeight = 512 }] }));
        Assert.False(TierOptionsValidator.SizesAreValid(new TierOptions { Sizes = [] }));
    }
}
