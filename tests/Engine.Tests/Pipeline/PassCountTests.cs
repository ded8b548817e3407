using Cartoon.Engine.Batching;
using Cartoon.Engine.Inference;
using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>
/// The forward passes the engine really hands ONNX Runtime, counted with the real models on the sample portraits: how
/// many per group, at which shapes, with and without batch padding, and whether padding changes outputs or the budget.
/// </summary>
public sealed class PassCountTests
{
    private static readonly CartoonParameters Anime = new() { Style = "anime" };

    /// <summary>Three portraits of one shape, one face each: crops of both samples. 384² is a bucket side, so the bg
    /// input is 384² whether the device pads to 16 or to a bucket.</summary>
    private static readonly byte[][] SameShape =
    [
        TestImages.Crop(TestPaths.Portrait, new Rectangle(192, 0, 640, 640), new Size(384, 384)),
        TestImages.Crop(TestPaths.Astronaut, new Rectangle(96, 0, 320, 320), new Size(384, 384)),
        TestImages.Crop(TestPaths.Astronaut, new Rectangle(0, 0, 512, 512), new Size(384, 384)),
    ];

    // Group batching (the CUDA default) on the CPU: the passes a GPU worker would run.
    private static CartoonEngine Engine(PassCounter passes, bool padBatch, int maxHeadBatch = 16, PassBatching batching = PassBatching.Group) =>
        new(new EngineOptions
        {
            ModelsDirectory = TestPaths.Models,
            Device = DevicePreference.Cpu,
            PassBatching = batching,
            PadBatchToBucket = padBatch,
            MaxHeadBatch = maxHeadBatch,
            WarmUpShapes = ["256x256"],
        }, NullLogger<CartoonEngine>.Instance, metrics: null, passes);

    [Fact]
    public async Task A_group_of_same_shaped_items_runs_one_bg_pass_per_style_and_ceil_faces_over_max_head_batch_head_passes()
    {
        var passes = new PassCounter();
        using var engine = Engine(passes, padBatch: false, maxHeadBatch: 2);
        string[] styles = ["anime", "sketch"];
        var requests = styles.SelectMany(style => SameShape.Select((image, i) =>
            new CartoonRequest(image, new CartoonParameters { Style = style }, $"{style}/{i}"))).ToList();

        var group = await engine.CartoonizeAsync(requests);

        Assert.All(group.Items, r => Assert.True(r.Succeeded, r.FailureMessage));
        foreach (var style in styles)
        {
            var faces = group.Items.Where(r => r.Id!.StartsWith(style, StringComparison.Ordinal)).Sum(r => r.Faces);
            Assert.True(faces >= SameShape.Length, $"{style}: {faces} faces found");
            var bg = Assert.Single(passes.Of($"{style}/bg"));
            Assert.Equal(SameShape.Length, bg.Batch);
            var heads = passes.Of($"{style}/head");
            Assert.Equal((faces + 1) / 2, heads.Count);
            Assert.Equal(faces, heads.Sum(h => h.Batch));
            Assert.All(heads, h => Assert.Equal((288, 288), (h.Height, h.Width)));
        }
        Assert.Equal(requests.Count, passes.Of(IPassListener.DetectorName).Count);
        Assert.Equal(passes.Passes.Count(p => p.Net.EndsWith("/bg", StringComparison.Ordinal)), group.Stats.BackgroundPasses);
        Assert.Equal(passes.Passes.Count(p => p.Net.EndsWith("/head", StringComparison.Ordinal)), group.Stats.HeadPasses);
    }

    [Fact]
    public async Task Single_batching_the_cpu_default_runs_one_item_per_bg_pass_and_one_face_per_head_pass_with_the_same_pixels()
    {
        var single = new PassCounter();
        var grouped = new PassCounter();
        var requests = SameShape.Select((image, i) => new CartoonRequest(image, new CartoonParameters(), $"{i}")).ToList();
        CartoonGroupResult one, all;
        using (var engine = Engine(single, padBatch: false, batching: PassBatching.Auto))
        {
            Assert.False(engine.BatchPasses); // Auto on the CPU
            one = await engine.CartoonizeAsync(requests);
        }
        using (var engine = Engine(grouped, padBatch: false))
            all = await engine.CartoonizeAsync(requests);

        Assert.Equal(Enumerable.Repeat(1, SameShape.Length), single.Of("anime/bg").Select(s => s.Batch));
        Assert.All(single.Of("anime/head"), h => Assert.Equal(1, h.Batch));
        Assert.Equal(one.Stats.Faces, single.Of("anime/head").Count);
        Assert.Equal((SameShape.Length, one.Stats.Faces), (one.Stats.BackgroundPasses, one.Stats.HeadPasses));
        Assert.Equal(1, all.Stats.BackgroundPasses);
        for (var i = 0; i < requests.Count; i++)
        {
            using var a = TestImages.Decode(one.Items[i].Output!);
            using var b = TestImages.Decode(all.Items[i].Output!);
            Assert.True(TestImages.Diff(a, b).Max <= 1, $"item {i}: one per pass vs the group's pass differ");
        }
    }

    [Fact]
    public async Task Padded_batches_give_the_same_pixels_as_unpadded_ones()
    {
        var requests = SameShape.Select((image, i) => new CartoonRequest(image, Anime, i.ToString())).ToList();
        var paddedPasses = new PassCounter();
        var plainPasses = new PassCounter();
        CartoonGroupResult padded, plain;
        using (var engine = Engine(paddedPasses, padBatch: true))
            padded = await engine.CartoonizeAsync(requests);
        using (var engine = Engine(plainPasses, padBatch: false))
            plain = await engine.CartoonizeAsync(requests);

        // 3 items run as 4 (one white filler), and so do 3 faces; unpadded, as 3.
        Assert.Equal([4], paddedPasses.Of("anime/bg").Select(s => s.Batch));
        Assert.Equal([3], plainPasses.Of("anime/bg").Select(s => s.Batch));
        var faces = plain.Stats.Faces;
        Assert.Equal([ShapeBuckets.Default.BucketBatch(faces)], paddedPasses.Of("anime/head").Select(s => s.Batch));
        Assert.Equal([faces], plainPasses.Of("anime/head").Select(s => s.Batch));
        for (var i = 0; i < requests.Count; i++)
        {
            Assert.True(padded.Items[i].Succeeded && plain.Items[i].Succeeded);
            Assert.Equal(plain.Items[i].Faces, padded.Items[i].Faces);
            using var a = TestImages.Decode(padded.Items[i].Output!);
            using var b = TestImages.Decode(plain.Items[i].Output!);
            Assert.Equal((0, 0.0), TestImages.Diff(a, b)); // the nets treat each image of a batch alone: bit-identical
        }
    }

    [Fact]
    public async Task A_padded_group_of_the_planned_size_stays_within_the_budget_and_one_more_item_would_not()
    {
        // A budget with room for 3.5 items of this shape: unpadded 3 would fit, padded 3 runs as 4 and does not.
        var model = new MemoryCostModel(new MemoryCostOptions(), ShapeBuckets.Default, padBatch: true);
        const int maxHeadBatch = 16;
        var item = model.BytesForItem(384, 384);
        var budget = model.Options.FixedBytes + model.HeadPassBytes(maxHeadBatch) + 3 * item + item / 2;
        var limit = model.MaxGroupSize(384, 384, budget, maxHeadBatch);
        Assert.Equal(2, limit);

        var passes = new PassCounter();
        using var engine = Engine(passes, padBatch: true, maxHeadBatch);
        await engine.CartoonizeAsync(SameShape.Take(limit).Select(b => new CartoonRequest(b, Anime)).ToList());
        Assert.True(Observed(model, passes, maxHeadBatch) <= budget);

        passes.Clear();
        await engine.CartoonizeAsync(SameShape.Take(limit + 1).Select(b => new CartoonRequest(b, Anime)).ToList());
        Assert.True(Observed(model, passes, maxHeadBatch) > budget, "a group one above the limit is padded past the budget");
    }

    [Fact]
    public void The_cpu_warm_up_runs_exactly_its_plan()
    {
        var passes = new PassCounter();
        using var engine = Engine(passes, padBatch: false);
        var plan = engine.PlanWarmUp();

        engine.WarmUp();

        var expected = plan.Background.Select(s => ("anime/bg", s))
            .Concat(plan.Head.Select(s => ("anime/head", s)))
            .Append((IPassListener.DetectorName, plan.Detector));
        Assert.Equal(expected, passes.Passes);
    }

    /// <summary>The modelled peak of the passes the engine really ran: the largest bg pass at its real shape and batch.</summary>
    private static long Observed(MemoryCostModel model, PassCounter passes, int maxHeadBatch)
    {
        Assert.All(passes.Of("anime/head"), h => Assert.True(h.Batch <= maxHeadBatch));
        var bg = passes.Of("anime/bg").Max(s => s.Batch * model.BytesForShape(s.Height, s.Width));
        return model.Options.FixedBytes + bg + model.HeadPassBytes(maxHeadBatch);
    }
}
