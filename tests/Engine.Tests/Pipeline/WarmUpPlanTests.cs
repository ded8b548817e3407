using Cartoon.Engine.Batching;
using Cartoon.Engine.Pipeline;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>The shapes the start-up warm-up runs, per device: on CUDA exactly those the worker's groups can produce.</summary>
public sealed class WarmUpPlanTests
{
    private static readonly GroupBox[] DefaultGpuTiers = [new(512, 512, 16), new(960, 960, 16), new(1280, 1280, 16), new(4096, 4096, 1)];
    private static readonly BackgroundShapes Bucketed = new(ShapeBuckets.Default, toBucket: true);

    private static WarmUpPlan Plan(EngineOptions options, ShapeBuckets buckets, bool cuda, bool padBatch, IReadOnlyList<GroupBox>? groups,
        bool toBucket = true) =>
        WarmUpPlan.For(options, buckets, new BackgroundShapes(buckets, toBucket), cuda, padBatch, groups);

    [Fact]
    public void On_cuda_every_shape_a_group_of_the_tiers_can_feed_the_bg_net_is_warmed_and_no_other()
    {
        var plan = Plan(new EngineOptions(), ShapeBuckets.Default, cuda: true, padBatch: true, DefaultGpuTiers);

        // Brute force: every work size of every box (either orientation, short side ≤ 720), every group size.
        var producible = new HashSet<NetShape>();
        foreach (var box in DefaultGpuTiers)
        {
            int shortSide = Math.Min(Math.Min(box.MaxWidth, box.MaxHeight), 720), longSide = Math.Max(box.MaxWidth, box.MaxHeight);
            for (var a = 1; a <= longSide + 6; a += 7)
            for (var b = 1; b <= Math.Min(a, shortSide) + 6; b += 7)
            for (var n = 1; n <= box.GroupLimit; n++)
            {
                var (l, s) = (Math.Min(a, longSide), Math.Min(b, shortSide));
                foreach (var (w, h) in new[] { (l, s), (s, l) })
                {
                    var (ih, iw) = Bucketed.For(w, h);
                    producible.Add(new NetShape(ShapeBuckets.Default.PassBatch(n, padBatch: true), ih, iw));
                }
            }
        }

        Assert.Equal(producible.OrderBy(s => s.ToString()), plan.Background.OrderBy(s => s.ToString()));
        Assert.Equal(plan.Background.Count, plan.Background.Distinct().Count());
    }

    [Fact]
    public void On_cuda_the_largest_pass_runs_first_so_the_arena_grows_once()
    {
        var plan = Plan(new EngineOptions(), ShapeBuckets.Default, cuda: true, padBatch: true, DefaultGpuTiers);

        Assert.Equal(plan.Background.OrderByDescending(s => s.Pixels).Select(s => s.Pixels), plan.Background.Select(s => s.Pixels));
        Assert.Equal(new NetShape(16, 720, 1280).Pixels, plan.Background[0].Pixels);
        Assert.Equal(new NetShape(16, 288, 288), plan.Head[0]);
    }

    [Theory]
    [InlineData(16, true, new[] { 16, 8, 4, 2, 1 })]
    [InlineData(12, true, new[] { 12, 8, 4, 2, 1 })] // 9..12 faces pad to 12, the largest head pass, not to 16
    [InlineData(4, false, new[] { 4, 3, 2, 1 })]
    public void On_cuda_heads_are_warmed_at_every_batch_a_head_pass_can_have(int maxHeadBatch, bool padBatch, int[] batches)
    {
        var plan = Plan(new EngineOptions { MaxHeadBatch = maxHeadBatch }, ShapeBuckets.Default, cuda: true, padBatch, DefaultGpuTiers);

        Assert.Equal(batches, plan.Head.Select(s => s.Batch));
        Assert.All(plan.Head, s => Assert.Equal((288, 288), (s.Height, s.Width)));
    }

    [Fact]
    public void On_cuda_head_passes_never_exceed_the_faces_a_group_can_hold()
    {
        // Groups of one item with at most 2 faces: head passes of 1 or 2 crops only.
        var plan = Plan(new EngineOptions { MaxFacesPerImage = 2 }, ShapeBuckets.Default, cuda: true, padBatch: true, [new GroupBox(512, 512, 1)]);

        Assert.Equal([2, 1], plan.Head.Select(s => s.Batch));
        Assert.All(plan.Background, s => Assert.Equal(1, s.Batch));
    }

    [Fact]
    public void Without_padding_on_cuda_every_group_size_is_its_own_shape()
    {
        var plan = Plan(new EngineOptions(), ShapeBuckets.Default, cuda: true, padBatch: false, [new GroupBox(256, 256, 5)]);

        Assert.Equal([5, 4, 3, 2, 1], plan.Background.Select(s => s.Batch));
        Assert.All(plan.Background, s => Assert.Equal((256, 256), (s.Height, s.Width)));
    }

    [Fact]
    public void On_the_cpu_the_warm_up_stays_the_configured_shapes_at_batch_one()
    {
        var options = new EngineOptions { WarmUpShapes = ["720x720", "500x700"] };

        var plan = Plan(options, ShapeBuckets.Default, cuda: false, padBatch: false, DefaultGpuTiers, toBucket: false);

        Assert.Equal([new NetShape(1, 720, 720), new NetShape(1, 512, 704)], plan.Background);
        Assert.Equal([new NetShape(1, 288, 288)], plan.Head);
        Assert.Equal(new NetShape(1, 640, 640), plan.Detector);
    }

    [Fact]
    public void On_cuda_with_exact_bg_shapes_only_the_configured_shapes_are_warmed_not_every_multiple_of_16()
    {
        var plan = Plan(new EngineOptions { WarmUpShapes = ["500x700"] }, ShapeBuckets.Default, cuda: true, padBatch: true, DefaultGpuTiers, toBucket: false);

        Assert.Equal([new NetShape(1, 512, 704)], plan.Background);
        Assert.Equal([16, 8, 4, 2, 1], plan.Head.Select(s => s.Batch));
    }

    [Fact]
    public void On_cuda_without_groups_the_configured_shapes_are_warmed()
    {
        var plan = Plan(new EngineOptions { WarmUpShapes = ["300x300"] }, ShapeBuckets.Default, cuda: true, padBatch: true, groups: null);

        Assert.Equal([new NetShape(1, 384, 384)], plan.Background);
    }

    [Fact]
    public void A_malformed_configured_shape_fails()
    {
        Assert.Throws<FormatException>(() =>
            Plan(new EngineOptions { WarmUpShapes = ["720"] }, ShapeBuckets.Default, cuda: false, padBatch: false, null));
    }
}
