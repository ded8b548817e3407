using Cartoon.Engine.Batching;

namespace Cartoon.Engine.Tests.Batching;

/// <summary>A High item costs its tiles, each one input of its group's pass of that tile shape (issue 14).</summary>
public sealed class HighDetailCostTests
{
    /// <summary>A 16 GB T4 (15 GiB usable) less 1 GiB: Tiers\' fallback budget (TierOptions.FallbackMemoryBudgetBytes).</summary>
    private const long T4Budget = 14L * 1024 * 1024 * 1024;

    private static readonly EngineOptions Defaults = new();
    private static readonly MemoryCostModel Model = new(new MemoryCostOptions(), ShapeBuckets.Default, padBatch: false);
    private static readonly MemoryCostModel Padded = new(new MemoryCostOptions(), ShapeBuckets.Default, padBatch: true);
    private static readonly DetailPlan High12Mp = DetailPlan.For(4000, 3000, Detail.High, Defaults);

    [Theory]
    [InlineData(4000, 3000)]
    [InlineData(700, 700)]
    [InlineData(1280, 720)]
    public void A_standard_plan_costs_what_its_work_size_costs_today(int width, int height)
    {
        var plan = DetailPlan.For(width, height, Detail.Standard, Defaults);

        Assert.Equal(Model.BytesForItem(plan.WorkWidth, plan.WorkHeight), Model.BytesForPlan(plan));
        Assert.Equal(Model.MaxGroupSize(plan.WorkWidth, plan.WorkHeight, 14L << 30, 16), Model.MaxGroupSize(plan, 14L << 30, 16));
        Assert.Equal(Padded.EstimateGroupBytes([(plan.WorkWidth, plan.WorkHeight), (720, 1280)], 16),
            Padded.EstimateGroupBytes([plan, DetailPlan.For(720, 1280, Detail.Standard, Defaults)], 16));
    }

    [Fact]
    public void A_high_item_costs_its_tile_count_times_one_tile()
    {
        Assert.Equal(Model.BytesForShape(816, 816), Model.BytesPerInput(High12Mp));
        Assert.Equal(6 * Model.BytesForShape(816, 816), Model.BytesForPlan(High12Mp));
        // 4.0 MP of tiles against 0.7 MP for the same photo at Standard (960×720).
        Assert.True(Model.BytesForPlan(High12Mp) > 5 * Model.BytesForPlan(DetailPlan.For(4000, 3000, Detail.Standard, Defaults)));
    }

    [Fact]
    public void The_tiles_of_a_group_make_one_pass_padded_as_a_whole()
    {
        // Two High 12 MP photos: 12 tiles of 816² in one pass (padded: 16); a Standard 960×720 beside them has its own.
        var standard = DetailPlan.For(4000, 3000, Detail.Standard, Defaults);
        var tile = Model.BytesForShape(816, 816);
        var head = Model.HeadPassBytes(16);

        Assert.Equal(Model.Options.FixedBytes + 12 * tile + head, Model.EstimateGroupBytes([High12Mp, High12Mp, standard], 16));
        Assert.Equal(Padded.Options.FixedBytes + 16 * tile + head, Padded.EstimateGroupBytes([High12Mp, High12Mp, standard], 16));
        // A small High photo whose tile shape is another shape is another pass: the group costs its largest pass.
        var small = DetailPlan.For(600, 400, Detail.High, Defaults);
        Assert.Equal(Model.Options.FixedBytes + 6 * tile + head, Model.EstimateGroupBytes([High12Mp, small, small], 16));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_largest_high_group_fits_the_budget_and_one_more_item_would_not(bool padBatch)
    {
        var model = padBatch ? Padded : Model;
        var budget = CostModelTests.T4Budget;

        var n = model.MaxGroupSize(High12Mp, budget, 16);

        // 14 GiB less 1.5 fixed and 0.8 head leaves room for 28 tiles of 816² (417 MiB each): 4 photos of 6 tiles, or
        // padded 2 (3 photos' 18 tiles would run as 32).
        Assert.Equal(padBatch ? 2 : 4, n);
        Assert.True(model.EstimateGroupBytes(Enumerable.Repeat(High12Mp, n), 16) <= budget);
        Assert.True(model.EstimateGroupBytes(Enumerable.Repeat(High12Mp, n + 1), 16) > budget);
        var onH200 = model.MaxGroupSize(High12Mp, 130L << 30, 16);
        Assert.True(model.EstimateGroupBytes(Enumerable.Repeat(High12Mp, onH200), 16) <= 130L << 30);
        Assert.True(model.EstimateGroupBytes(Enumerable.Repeat(High12Mp, onH200 + 1), 16) > 130L << 30);
        Assert.True(onH200 > n);
    }
}
