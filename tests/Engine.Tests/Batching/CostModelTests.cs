using Cartoon.Engine.Batching;

namespace Cartoon.Engine.Tests.Batching;

public sealed class CostModelTests
{
    /// <summary>A 16 GB T4 (15 GiB usable) less 1 GiB: Tiers\' fallback budget (TierOptions.FallbackMemoryBudgetBytes).</summary>
    internal const long T4Budget = 14L * 1024 * 1024 * 1024;

    private static readonly MemoryCostModel Model = new(new MemoryCostOptions(), ShapeBuckets.Default, padBatch: false);
    private static readonly MemoryCostModel Padded = new(new MemoryCostOptions(), ShapeBuckets.Default, padBatch: true);

    [Theory]
    [InlineData(512, 512)]
    [InlineData(720, 960)]
    [InlineData(720, 1280)]
    [InlineData(2000, 720)]
    public void The_largest_group_fits_the_default_t4_budget_and_one_more_would_not(int width, int height)
    {
        var budget = T4Budget;
        foreach (var model in new[] { Model, Padded })
        {
            var n = model.MaxGroupSize(width, height, budget, maxHeadBatch: 16);

            Assert.InRange(n, 1, 64);
            Assert.True(model.EstimateGroupBytes(Enumerable.Repeat((width, height), n), 16) <= budget);
            if (n < 64)
                Assert.True(model.EstimateGroupBytes(Enumerable.Repeat((width, height), n + 1), 16) > budget);
        }
    }

    [Fact]
    public void Bigger_images_and_smaller_budgets_give_smaller_groups()
    {
        const long t4 = 14L << 30;
        Assert.True(Model.MaxGroupSize(512, 512, t4, 16) > Model.MaxGroupSize(720, 1280, t4, 16));
        Assert.True(Model.MaxGroupSize(720, 720, t4, 16) > Model.MaxGroupSize(720, 720, 6L << 30, 16));
        Assert.Equal(1, Model.MaxGroupSize(720, 720, 1L << 30, 16));
    }

    [Fact]
    public void Item_cost_follows_the_measured_bytes_per_pixel_at_the_bucket_shape()
    {
        // 700x700 pads into the 720x720 bucket: 720*720*505 B * 1.3 safety.
        Assert.Equal((long)Math.Ceiling(720 * 720 * 505 * 1.3), Model.BytesForItem(700, 700));
    }

    [Fact]
    public void A_padded_pass_costs_its_padded_batch()
    {
        // 11 items of 720×1280 without padding cost 11; padded they run as 16.
        var item = Model.BytesForItem(1280, 720);
        var sizes = Enumerable.Repeat((1280, 720), 11).ToArray();
        Assert.Equal(Model.Options.FixedBytes + 11 * item + Model.HeadPassBytes(16), Model.EstimateGroupBytes(sizes, 16));
        Assert.Equal(Padded.Options.FixedBytes + 16 * item + Padded.HeadPassBytes(16), Padded.EstimateGroupBytes(sizes, 16));
    }

    [Fact]
    public void Padded_groups_are_cut_to_a_size_whose_padded_batch_fits()
    {
        // Room for 11 items: unpadded 11, padded 8 (11 would run as 16).
        var item = Model.BytesForItem(1280, 720);
        var budget = Model.Options.FixedBytes + Model.HeadPassBytes(16) + 11 * item + item / 2;

        Assert.Equal(11, Model.MaxGroupSize(1280, 720, budget, 16));
        Assert.Equal(8, Padded.MaxGroupSize(1280, 720, budget, 16));
    }

    [Fact]
    public void A_group_of_several_shapes_costs_its_largest_pass()
    {
        // Passes run one after another in one session: 3 portraits and 5 landscapes of 720×1280 (padded: 4 and 8).
        var item = Padded.BytesForItem(1280, 720);
        var sizes = Enumerable.Repeat((720, 1280), 3).Concat(Enumerable.Repeat((1280, 720), 5));
        Assert.Equal(Padded.Options.FixedBytes + 8 * item + Padded.HeadPassBytes(16), Padded.EstimateGroupBytes(sizes, 16));
    }
}
