using Cartoon.Engine.Tests.Support;
using SixLabors.ImageSharp;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>
/// Every succeeded item says what its cartoon does not show as asked (issue 14): work size, upscale factor and
/// warning codes, each raised by a real photo made into the case it is about and absent from the plain photo.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ItemWarningsTests(EngineFixture fixture)
{
    private static readonly CartoonParameters Anime = new() { Style = "anime" };

    private async Task<CartoonResult> RunAsync(byte[] image, CartoonParameters? options = null)
    {
        var result = (await fixture.Engine.CartoonizeAsync([new CartoonRequest(image, options ?? Anime, "case")])).Items[0];
        Assert.True(result.Succeeded, result.FailureMessage);
        return result;
    }

    [Fact]
    public async Task A_plain_portrait_has_its_work_size_and_upscale_factor_and_no_warning()
    {
        var result = await RunAsync(TestImages.SampleBytes(TestPaths.Portrait)); // 1024², worked at 720²

        Assert.Equal((720, 720), (result.WorkWidth, result.WorkHeight));
        Assert.Equal(1.42, result.UpscaleFactor);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task A_large_photo_is_upscaled_from_its_work_size_and_says_so_unless_a_smaller_output_is_asked()
    {
        var large = TestImages.Crop(TestPaths.Portrait, new Rectangle(0, 0, 1024, 1024), new Size(3000, 3000));

        var full = await RunAsync(large);
        var small = await RunAsync(large, Anime with { MaxSide = 1400 });

        Assert.Equal((720, 720, 3000), (full.WorkWidth, full.WorkHeight, full.Width));
        Assert.Equal(4.17, full.UpscaleFactor);
        Assert.Equal([ItemWarnings.Upscaled], full.Warnings);
        Assert.Equal(1.94, small.UpscaleFactor);
        Assert.Empty(small.Warnings);
    }

    [Fact]
    public async Task A_picture_without_a_face_says_no_face()
    {
        var result = await RunAsync(TestImages.Gradient(640, 480));

        Assert.Equal(0, result.Faces);
        Assert.Equal([ItemWarnings.NoFace], result.Warnings);
    }

    [Fact]
    public async Task A_face_too_small_for_the_head_net_says_small_face_and_a_large_one_does_not()
    {
        var small = await RunAsync(WarningInputs.SmallFace(160));
        var large = await RunAsync(WarningInputs.SmallFace(600));

        Assert.Equal(1, small.Faces);
        Assert.Equal([ItemWarnings.SmallFace], small.Warnings);
        Assert.Equal(1, large.Faces);
        Assert.Empty(large.Warnings);
    }

    [Fact]
    public async Task Transparency_is_reported_as_flattened_only_where_the_output_cannot_carry_it()
    {
        var cutOut = WarningInputs.CutOutPng(transparent: true);
        var results = (await fixture.Engine.CartoonizeAsync([
            new CartoonRequest(cutOut, Anime with { Format = OutputFormat.Jpeg }),
            new CartoonRequest(cutOut, Anime),
            new CartoonRequest(WarningInputs.CutOutPng(transparent: false), Anime with { Format = OutputFormat.Jpeg }),
        ])).Items;
        Assert.All(results, r => Assert.True(r.Succeeded, r.FailureMessage));
        var (jpeg, png, opaque) = (results[0], results[1], results[2]);

        Assert.Contains(ItemWarnings.AlphaFlattened, jpeg.Warnings); // JPEG has no alpha: the cut-out is on white
        Assert.DoesNotContain(ItemWarnings.AlphaFlattened, png.Warnings); // PNG keeps it (WebP too: AlphaOutputTests)
        Assert.DoesNotContain(ItemWarnings.AlphaFlattened, opaque.Warnings);
    }

    [Fact]
    public async Task An_animated_gif_says_first_frame_only_and_a_still_gif_does_not()
    {
        var animated = await RunAsync(WarningInputs.Gif(frames: 2));
        var still = await RunAsync(WarningInputs.Gif(frames: 1));

        Assert.Contains(ItemWarnings.FirstFrameOnly, animated.Warnings);
        Assert.DoesNotContain(ItemWarnings.FirstFrameOnly, still.Warnings);
    }

    [Fact]
    public async Task A_wide_gamut_profile_is_reported_as_dropped_and_an_srgb_profile_is_not()
    {
        var p3 = await RunAsync(WarningInputs.JpegWithProfile("Display P3"));
        var srgb = await RunAsync(WarningInputs.JpegWithProfile("sRGB IEC61966-2.1"));

        Assert.Contains(ItemWarnings.ColorProfileDropped, p3.Warnings);
        Assert.DoesNotContain(ItemWarnings.ColorProfileDropped, srgb.Warnings);
    }
}
