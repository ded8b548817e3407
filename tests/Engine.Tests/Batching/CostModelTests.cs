using Cartoon.Engine.Batching;

namespace Cartoon.Engine.Tests.Batching;

public sealed class CostModelTests
{
    private static readonly MemoryCostModel Model = new(new MemoryCostOptions(), ShapeBuckets.Default);

    [Theory]
    [InlineData(512, 512)]
    [InlineData(720, 960)]
    [InlineData(720, 1280)]
    [InlineData(2000, 720)]
    public void The_largest_group_fits_the_default_t4_budget_and_one_more_would_not(int width, int height)
    {
        var budget = new MemoryCostOptions().BudgetBytes;
        var n = Model.MaxGroupSize(width, height, budget, maxHeadBatch: 16);

        Assert.InRange(n, 1, 64);
        Assert.True(Model.EstimateGroupBytes(Enumerable.Repeat((width, height), n), 16) <= budget);
        if (n < 64)
            Assert.True(Model.EstimateGroupBytes(Enumerable.Repeat((width, height), n + 1), 16) > budget);
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
}
