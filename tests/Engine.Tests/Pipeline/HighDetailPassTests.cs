using Cartoon.Engine.Batching;
using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>
/// The bg passes a group with High items really runs (issue 14), counted with the real models: every tile of one shape
/// in one pass, Standard items unchanged beside them. Small tiles (384²) keep the passes short.
/// </summary>
public sealed class HighDetailPassTests
{
    private static readonly CartoonParameters Standard = new() { Style = "anime" };
    private static readonly CartoonParameters High = Standard with { Detail = Detail.High };

    /// <summary>
    /// Two Standard photos, one of them 384² (the tiles' shape), the other 512², and two 600×500 photos, each 2 × 2
    /// tiles of 384² at High.
    /// </summary>
    private static readonly byte[][] Photos =
    [
        TestImages.Crop(TestPaths.Astronaut, new Rectangle(96, 0, 320, 320), new Size(384, 384)),
        TestImages.SampleBytes(TestPaths.Astronaut),
        TestImages.Crop(TestPaths.Portrait, new Rectangle(162, 0, 720, 600), new Size(600, 500)),
        TestImages.Crop(TestPaths.Astronaut, new Rectangle(0, 40, 512, 427), new Size(600, 500)),
    ];

    private static CartoonEngine Engine(PassCounter passes, PassBatching batching) =>
        new(new EngineOptions
        {
            ModelsDirectory = TestPaths.Models,
            Device = DevicePreference.Cpu,
            PassBatching = batching,
            PadBatchToBucket = false,
            TileSide = 384,
            TileOverlap = 64,
            WarmUp = false,
        }, NullLogger<CartoonEngine>.Instance, metrics: null, passes);

    private static List<CartoonRequest> Requests(params CartoonParameters[] options) =>
        Photos.Select((photo, i) => new CartoonRequest(photo, options[i], $"{i}")).ToList();

    [Fact]
    public async Task All_tiles_of_a_groups_high_items_share_one_bg_pass_and_its_standard_items_come_out_unchanged()
    {
        var passes = new PassCounter();
        using var engine = Engine(passes, PassBatching.Group);
        Assert.Equal(4, DetailPlan.For(600, 500, Detail.High, new EngineOptions { TileSide = 384, TileOverlap = 64 }).Tiles);

        var mixed = await engine.CartoonizeAsync(Requests(Standard, Standard, High, High));
        var mixedPasses = passes.Of("anime/bg");
        passes.Clear();
        var standardOnly = await engine.CartoonizeAsync(Requests(Standard, Standard, Standard, Standard));

        Assert.All(mixed.Items.Concat(standardOnly.Items), r => Assert.True(r.Succeeded, r.FailureMessage));
        // The eight 384² tiles and the 384² Standard photo make one pass; the 512² photo its own.
        Assert.Equal([new NetShape(9, 384, 384), new NetShape(1, 512, 512)], mixedPasses);
        Assert.Equal(2, mixed.Stats.BackgroundPasses);
        Assert.Equal(1, mixed.Stats.HeadPasses); // the High items' faces join the others' head pass
        Assert.Equal(3, standardOnly.Stats.BackgroundPasses); // 384², 512², and both 600×500 photos at 512×608
        for (var i = 0; i < 2; i++)
        {
            using var a = TestImages.Decode(mixed.Items[i].Output!);
            using var b = TestImages.Decode(standardOnly.Items[i].Output!);
            Assert.Equal((0, 0.0), TestImages.Diff(a, b)); // bit for bit, High items or not beside it
        }
        for (var i = 2; i < 4; i++)
        {
            Assert.Equal((600, 500), (mixed.Items[i].WorkWidth, mixed.Items[i].WorkHeight)); // High never upscales
            Assert.Equal(1, mixed.Items[i].Faces);
            using var high = TestImages.Decode(mixed.Items[i].Output!);
            using var standard = TestImages.Decode(standardOnly.Items[i].Output!);
            Assert.True(TestImages.Diff(high, standard).Mean > 0.5, $"item {i}: the tiled cartoon is the untiled one"); // same size, else Diff throws
        }
    }

    [Fact]
    public async Task One_tile_per_pass_the_cpu_default_blends_the_same_cartoon_as_one_pass_of_all_tiles()
    {
        var single = new PassCounter();
        var grouped = new PassCounter();
        var requests = Requests(Standard, Standard, High, High).Skip(2).ToList();
        CartoonGroupResult one, all;
        using (var engine = Engine(single, PassBatching.Auto))
            one = await engine.CartoonizeAsync(requests);
        using (var engine = Engine(grouped, PassBatching.Group))
            all = await engine.CartoonizeAsync(requests);

        Assert.Equal(Enumerable.Repeat(new NetShape(1, 384, 384), 8), single.Of("anime/bg"));
        Assert.Equal([new NetShape(8, 384, 384)], grouped.Of("anime/bg"));
        for (var i = 0; i < requests.Count; i++)
        {
            using var a = TestImages.Decode(one.Items[i].Output!);
            using var b = TestImages.Decode(all.Items[i].Output!);
            Assert.True(TestImages.Diff(a, b).Max <= 1, $"item {i}: tiles one per pass vs all in one pass differ");
        }
    }
}
