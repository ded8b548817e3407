using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Tests;

/// <summary>
/// detail=high items have a tier of their own, after the size tiers: planned for the costliest such item's tiles, so a
/// full group of them fits the budget, and no standard item is ever routed there.
/// </summary>
public sealed class HighDetailTierTests
{
    private const int MaxHeadBatch = 16;
    private const long GiB = 1024L * 1024 * 1024;
    private static readonly EngineOptions Engine = new() { MaxHeadBatch = MaxHeadBatch };

    private static TierCatalog Catalog(long budget, bool padBatch = true, int maxGroupSize = 256, string name = "hd")
    {
        var cost = new MemoryCostModel(new MemoryCostOptions(), ShapeBuckets.Default, padBatch);
        return new TierCatalog(Options.Create(new TierOptions { MemoryBudgetBytes = budget, MaxGroupSize = maxGroupSize, HighDetailTier = name }),
            EngineSizing.From(cost, Engine));
    }

    [Fact]
    public void The_high_detail_tier_comes_after_the_size_tiers_with_its_own_queue()
    {
        var catalog = Catalog(14 * GiB);
        Assert.Equal(["s", "m", "l", "xl", "hd"], catalog.Plans.Select(p => p.Name));
        Assert.Same(catalog.HighDetail, catalog.Plans[^1]);
        Assert.Equal("cartoonize-hd", catalog.HighDetail.QueueName);
        Assert.Equal("cartoonize-ultra", Catalog(14 * GiB, name: "ultra").HighDetail.QueueName);
    }

    [Theory]
    [InlineData(640, 480)]
    [InlineData(4000, 3000)]
    [InlineData(3000, 12000)]
    public void High_items_go_to_the_high_detail_tier_and_standard_ones_never_do(int width, int height)
    {
        var catalog = Catalog(14 * GiB);
        var high = catalog.Engine.PlanFor(width, height, Detail.High);
        var standard = catalog.Engine.PlanFor(width, height, Detail.Standard);
        Assert.Equal("hd", catalog.Resolve(high).Name);
        Assert.NotEqual("hd", catalog.Resolve(standard).Name);
        Assert.Equal(catalog.Resolve(standard.WorkWidth, standard.WorkHeight), catalog.Resolve(standard));
        // The work size the gateway records is the engine's own plan: 4000×3000 at High is worked at 2048×1536.
        if (width == 4000)
            Assert.Equal((2048, 1536), (high.WorkWidth, high.WorkHeight));
    }

    [Theory]
    [InlineData(2L * 1024 * 1024 * 1024, true)]
    [InlineData(14L * 1024 * 1024 * 1024, true)]
    [InlineData(14L * 1024 * 1024 * 1024, false)]
    [InlineData(78L * 1024 * 1024 * 1024, true)]
    public void A_full_group_of_the_costliest_high_item_fits_the_budget_unless_one_alone_does_not(long budget, bool padBatch)
    {
        var catalog = Catalog(budget, padBatch);
        var plan = catalog.HighDetail;
        var costliest = catalog.Engine.PlanFor(Engine.MaxInputSide, Engine.HighDetailShortSide, Detail.High);
        Assert.True(costliest.Tiles > 1);
        var cost = catalog.Engine.CostModel;
        Assert.Equal(cost.BytesForPlan(costliest), plan.BytesPerItem);
        var one = cost.EstimateGroupBytes([costliest], MaxHeadBatch);
        if (one > budget)
        {
            Assert.Equal(1, plan.GroupLimit);
            return;
        }
        Assert.True(plan.GroupBytes <= budget, $"{plan.GroupLimit} items of {costliest.Tiles} tiles need {plan.GroupBytes / (double)GiB:F2} GiB > {budget / GiB} GiB");
        Assert.True(cost.EstimateGroupBytes(Enumerable.Repeat(costliest, plan.GroupLimit + 1), MaxHeadBatch) > budget || plan.GroupLimit == 256,
            "one more item would still fit: the limit is not the largest");
    }

    [Fact]
    public void A_size_tier_named_as_the_high_detail_tier_is_refused_at_start()
    {
        var options = new TierOptions { Sizes = [new SizeTier { Name = "hd", MaxWidth = 512, MaxHeight = 512 }] };
        Assert.False(TierOptionsValidator.SizesAreValid(options));
        options.HighDetailTier = "high";
        Assert.True(TierOptionsValidator.SizesAreValid(options));
    }
}
