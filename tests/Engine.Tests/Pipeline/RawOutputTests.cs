using Cartoon.Engine.Imaging;
using Cartoon.Engine.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Tests.Pipeline;

/// <summary>
/// <see cref="OutputFormat.Raw"/> (video frames): the result is the cartoon's packed RGB24 pixels, exactly what PNG
/// (lossless) encodes for the same request; an input with transparency is flattened onto white and says so, never
/// refused and never 4 bytes a pixel.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RawOutputTests(EngineFixture fixture)
{
    private static readonly CartoonParameters Anime = new() { Style = "anime", MaxSide = 200 };

    [Fact]
    public async Task A_raw_result_is_the_pngs_pixels_unencoded_and_a_cut_out_comes_back_flattened()
    {
        var frame = VideoInputs.Pixels(VideoInputs.Portrait(frames: 1, new Size(0, 0), noise: 0))[0];
        var cutOut = CutOutInputs.Png(CutOutInputs.Feathered(feather: 12));
        CartoonRequest[] requests =
        [
            CartoonRequest.ForFrame(frame, Anime with { Format = OutputFormat.Raw }, faces: null, "raw"),
            CartoonRequest.ForFrame(frame, Anime with { Format = OutputFormat.Png }, faces: null, "png"),
            new(cutOut, Anime with { Format = OutputFormat.Raw }, "cut-out"),
        ];

        var results = (await fixture.Engine.CartoonizeAsync(requests)).Items;

        Assert.All(results, r => Assert.True(r.Succeeded, r.FailureMessage));
        var (raw, png, flattened) = (results[0], results[1], results[2]);
        Assert.Equal(OutputFormat.Raw, raw.Format);
        Assert.Equal(200, Math.Max(raw.Width, raw.Height));
        Assert.Equal(raw.Width * raw.Height * 3, raw.Output!.Length);
        using var decoded = TestImages.Decode(png.Output!);
        var pngPixels = new byte[decoded.Width * decoded.Height * 3];
        decoded.CopyPixelDataTo(pngPixels);
        Assert.Equal(pngPixels, raw.Output);

        Assert.Equal(flattened.Width * flattened.Height * 3, flattened.Output!.Length);
        Assert.Contains(ItemWarnings.AlphaFlattened, flattened.Warnings);
        // The cut-out's transparent corner is white in the flattened cartoon.
        Assert.True(flattened.Output[0] > 200 && flattened.Output[1] > 200 && flattened.Output[2] > 200,
            $"corner {flattened.Output[0]},{flattened.Output[1]},{flattened.Output[2]}");
    }

    [Fact]
    public void The_encoder_copies_rgb_pixels_for_raw_and_refuses_an_rgba_image()
    {
        using var image = new Image<Rgb24>(3, 2);
        image[2, 1] = new Rgb24(10, 20, 30);
        using var rgba = new Image<Rgba32>(3, 2);

        var raw = ImageEncoder.Encode(image, OutputFormat.Raw, 90);

        Assert.Equal(18, raw.Length);
        Assert.Equal(new byte[] { 10, 20, 30 }, raw[15..18]);
        Assert.Equal("rgb", ImageEncoder.Extension(OutputFormat.Raw));
        Assert.Throws<ArgumentException>(() => ImageEncoder.Encode(rgba, OutputFormat.Raw, 90));
    }
}
