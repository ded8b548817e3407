using Cartoon.Engine.Batching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartoon.Engine.Tests.Batching;

/// <summary>What the engine plans for an item from its size and detail alone (issue 14): work size, tiles, tile shape.</summary>
public sealed class DetailPlanTests
{
    private static readonly EngineOptions Defaults = new();

    [Theory]
    [InlineData(4000, 3000)]
    [InlineData(3000, 4000)]
    [InlineData(1024, 1024)]
    [InlineData(512, 512)]
    [InlineData(16384, 700)]
    public void Standard_is_todays_work_size_with_one_untiled_input(int width, int height)
    {
        var plan = DetailPlan.For(width, height, Detail.Standard, Defaults);

        Assert.Equal(WorkSize.For(width, height), (plan.WorkWidth, plan.WorkHeight));
        Assert.False(plan.IsTiled);
        Assert.Equal((0, 1), (plan.Tiles, plan.BackgroundInputs));
        Assert.Equal((long)WorkSize.PadTo16(plan.WorkWidth) * WorkSize.PadTo16(plan.WorkHeight), plan.BackgroundPixels);
    }

    [Theory]
    [InlineData(4000, 3000, 2048, 1536)]
    [InlineData(4032, 3024, 2048, 1536)]
    [InlineData(3000, 4000, 1536, 2048)]
    public void High_works_a_12_mp_photo_at_a_1536_short_side_on_six_816_tiles_under_2x_upscaled(int width, int height, int workWidth, int workHeight)
    {
        var plan = DetailPlan.For(width, height, Detail.High, Defaults);

        Assert.Equal((workWidth, workHeight), (plan.WorkWidth, plan.WorkHeight));
        Assert.Equal(6, plan.Tiles); // 3 along the long side, 2 along the short one
        Assert.Equal((816, 816), (plan.TileWidth, plan.TileHeight));
        Assert.Equal(6L * 816 * 816, plan.BackgroundPixels);
        // What the result's UpscaleFactor will be at the photo's own size: the upscaled warning stays off up to 2.
        Assert.True((double)Math.Max(width, height) / Math.Max(workWidth, workHeight) <= ItemWarnings.UpscaleLimit);
        var standard = DetailPlan.For(width, height, Detail.Standard, Defaults);
        Assert.True((double)Math.Max(width, height) / Math.Max(standard.WorkWidth, standard.WorkHeight) > ItemWarnings.UpscaleLimit);
    }

    [Fact]
    public void High_never_upscales_and_pads_a_side_shorter_than_a_tile_to_16()
    {
        var small = DetailPlan.For(600, 400, Detail.High, Defaults);
        Assert.Equal((600, 400, 1, 1), (small.WorkWidth, small.WorkHeight, small.Columns, small.Rows));
        Assert.Equal((608, 400), (small.TileWidth, small.TileHeight));

        // A panorama: its 700 px short side is one row of 704 px tiles, its long side four 816 px columns.
        var wide = DetailPlan.For(3000, 700, Detail.High, Defaults);
        Assert.Equal((3000, 700, 4, 1), (wide.WorkWidth, wide.WorkHeight, wide.Columns, wide.Rows));
        Assert.Equal((816, 704), (wide.TileWidth, wide.TileHeight));
    }

    [Fact]
    public void The_tile_options_are_the_ones_given()
    {
        var plan = DetailPlan.For(4000, 3000, Detail.High, new EngineOptions { HighDetailShortSide = 1440, TileSide = 720, TileOverlap = 96 });

        Assert.Equal((1920, 1440), (plan.WorkWidth, plan.WorkHeight));
        Assert.Equal((3, 3, 720, 720), (plan.Columns, plan.Rows, plan.TileWidth, plan.TileHeight));
        Assert.Throws<ArgumentOutOfRangeException>(() => DetailPlan.For(4000, 3000, Detail.High, new EngineOptions { TileSide = 808 }));
    }

    [Fact]
    public void Tiles_cover_every_side_at_full_size_overlapping_by_at_least_the_overlap_and_weigh_1_at_every_pixel()
    {
        foreach (var (tile, overlap) in new[] { (816, 64), (720, 96), (512, 64), (768, 0) })
            for (var length = 1; length <= 4000; length += 7)
            {
                var starts = TileGrid.Starts(length, tile, overlap);
                var size = Math.Min(tile, length);
                Assert.Equal(TileGrid.Count(length, tile, overlap), starts.Length);
                Assert.Equal(0, starts[0]);
                Assert.Equal(length, starts[^1] + size); // the last tile ends at the edge: shifted inward, full size
                for (var i = 1; i < starts.Length; i++)
                    Assert.InRange(starts[i - 1] + tile - starts[i], overlap, tile); // overlap at least the setting, no gap
                if (starts.Length > 1)
                    Assert.True(TileGrid.Count(length, tile, overlap) - 1 < (double)(length - overlap) / (tile - overlap), "one tile fewer would do");

                var weights = TileGrid.Weights(length, tile, overlap);
                var sums = new double[length];
                for (var i = 0; i < starts.Length; i++)
                    for (var u = 0; u < size; u++)
                        sums[starts[i] + u] += weights[i][u];
                Assert.All(sums, s => Assert.Equal(1.0, s, 5));
            }
    }

    [Fact]
    public void A_tile_weighs_nothing_at_its_border_with_a_neighbour_and_ramps_over_the_overlap()
    {
        // 2304 = three 816 tiles at 0, 744, 1488: overlaps of 72 px, a 64 px cosine ramp centred in each.
        var starts = TileGrid.Starts(2304, 816, 64);
        var weights = TileGrid.Weights(2304, 816, 64);
        Assert.Equal([0, 744, 1488], starts);

        Assert.Equal(1f, weights[0][0]); // the image's own border: no neighbour to hand over to
        Assert.Equal(0f, weights[1][0]); // where the middle tile starts, tile 0 counts alone
        Assert.Equal(0f, weights[1][815]);
        Assert.Equal(0.5f, weights[1][36], 0.05f); // the overlap [744, 816)'s centre: half each
        var ramp = Enumerable.Range(0, 72).Select(u => weights[1][u]).ToArray();
        Assert.Equal(ramp.Order(), ramp); // rises monotonically
        Assert.True(ramp.Count(w => w is > 0f and < 1f) >= 60, "the hand-over is spread over the ramp, not a cut");

        var hard = TileGrid.Weights(2304, 816, 0); // same tiles (0, 744, 1488), cut in the middle of each overlap
        Assert.All(hard.SelectMany(w => w), w => Assert.True(w is 0f or 1f));
    }

    [Fact]
    public void On_a_bucketing_device_a_short_tile_side_goes_to_its_bucket_but_never_beyond_the_tile()
    {
        var bucketed = new BackgroundShapes(ShapeBuckets.Default, toBucket: true);
        var exact = new BackgroundShapes(ShapeBuckets.Default, toBucket: false);
        var wide = DetailPlan.For(3000, 700, Detail.High, Defaults); // tiles 816 wide, 704 high
        var tall = DetailPlan.For(760, 3000, Detail.High, Defaults); // tiles 768 wide (bucket 960), 816 high

        Assert.Equal((704, 816), exact.For(wide));
        Assert.Equal((720, 816), bucketed.For(wide));
        Assert.Equal((816, 768), exact.For(tall));
        Assert.Equal((816, 816), bucketed.For(tall));
        var standard = DetailPlan.For(1000, 700, Detail.Standard, Defaults);
        Assert.Equal(bucketed.For(1000, 700), bucketed.For(standard));
    }

    [Theory]
    [InlineData("Engine:TileSide", "808")]
    [InlineData("Engine:TileOverlap", "500")]
    [InlineData("Engine:HighDetailShortSide", "0")]
    [InlineData("Engine:HighDetailDetectLongSide", "64")]
    public void Configured_tile_and_high_detail_options_are_validated(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var provider = new ServiceCollection().AddLogging().AddCartoonEngine(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EngineOptions>>().Value);
        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }
}
