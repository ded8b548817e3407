using Cartoon.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using static Cartoon.Engine.Tests.Imaging.ImagingInputs;

namespace Cartoon.Engine.Tests.Imaging;

/// <summary>
/// The decoder keeps the alpha it flattens (issue 14, part 3): upright like the pixels, at their size, and only for
/// inputs with real transparency. The colours it returns stay flattened onto white, as before.
/// </summary>
public sealed class AlphaPlaneTests
{
    private static readonly ImageLimits Limits = new();

    [Theory]
    [InlineData("png")]
    [InlineData("webp")]
    public void A_transparent_input_keeps_its_alpha_beside_the_white_flattened_colours(string format)
    {
        using var source = Halves(10, 10, new Rgba32(10, 20, 30, 0), new Rgba32(255, 0, 0, 128));
        byte[] data = Encode(source, format == "webp"
            ? new WebpEncoder { FileFormat = WebpFileFormatType.Lossless, TransparentColorMode = WebpTransparentColorMode.Preserve }
            : new PngEncoder { ColorType = PngColorType.RgbWithAlpha });

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits, out DecodeLosses losses, out AlphaPlane? alpha);

        Assert.NotNull(alpha);
        Assert.Equal((10, 10), (alpha.Width, alpha.Height));
        Assert.Equal(0, alpha.Data[5 * 10 + 1]);
        Assert.Equal(128, alpha.Data[5 * 10 + 8]);
        AssertColour(new Rgb24(255, 255, 255), image[1, 5]);
        AssertColour(new Rgb24(255, 127, 127), image[8, 5], tolerance: 1);
        Assert.True(losses.HasFlag(DecodeLosses.AlphaFlattened));
    }

    [Fact]
    public void An_opaque_input_carries_no_alpha_plane_even_when_its_file_has_an_alpha_channel()
    {
        using var source = Halves(8, 8, Red, Blue);
        byte[] rgba = Encode(source, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
        byte[] jpeg = Encode(source, EncoderFor("jpeg"));

        using Image<Rgb24> fromPng = ImageDecoder.Decode(rgba, Limits, out DecodeLosses losses, out AlphaPlane? alpha);
        using Image<Rgb24> fromJpeg = ImageDecoder.Decode(jpeg, Limits, out _, out AlphaPlane? none);

        Assert.Null(alpha);
        Assert.Null(none);
        Assert.False(losses.HasFlag(DecodeLosses.AlphaFlattened));
    }

    [Fact]
    public void A_gif_transparent_index_is_alpha_zero()
    {
        using var source = Halves(10, 10, Color.Transparent, Red);
        byte[] data = Encode(source, new GifEncoder());

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits, out _, out AlphaPlane? alpha);

        Assert.NotNull(alpha);
        Assert.Equal(0, alpha.Data[5 * 10 + 1]);
        Assert.Equal(255, alpha.Data[5 * 10 + 8]);
    }

    [Fact]
    public void An_animated_webp_keeps_the_alpha_of_its_first_frame_on_its_canvas()
    {
        using var first = new Image<Rgba32>(8, 6, Red);
        using var second = new Image<Rgba32>(20, 20, Blue);
        byte[] data = AnimatedWebpWriter.Write(20, 20, new AnimatedWebpWriter.Frame(first, 10, 12, Lossless: true), new AnimatedWebpWriter.Frame(second, 0, 0, Lossless: true));

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits, out DecodeLosses losses, out AlphaPlane? alpha);

        Assert.NotNull(alpha);
        Assert.Equal((20, 20), (alpha.Width, alpha.Height));
        Assert.Equal(0, alpha.Data[2 * 20 + 2]); // canvas outside the frame
        Assert.Equal(255, alpha.Data[12 * 20 + 10]);
        Assert.Equal(255, alpha.Data[17 * 20 + 17]);
        Assert.Equal(0, alpha.Data[17 * 20 + 18]);
        Assert.Equal(DecodeLosses.AlphaFlattened | DecodeLosses.LaterFramesDropped, losses);
    }

    [Theory]
    [InlineData((ushort)3)]
    [InlineData((ushort)6)]
    [InlineData((ushort)8)]
    public void The_alpha_plane_turns_upright_with_the_pixels(ushort orientation)
    {
        // The stored card with its red quadrant (top-left once upright) made fully transparent.
        using Image<Rgb24> stored = OrientedQuadrants.Stored(orientation, 64, 32);
        using Image<Rgba32> withAlpha = stored.CloneAs<Rgba32>();
        withAlpha.Metadata.ExifProfile = stored.Metadata.ExifProfile;
        withAlpha.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                foreach (ref Rgba32 pixel in rows.GetRowSpan(y))
                {
                    if (pixel.Rgb == Red.Rgb)
                        pixel.A = 0;
                }
            }
        });
        byte[] data = Encode(withAlpha, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits, out _, out AlphaPlane? alpha);

        Assert.NotNull(alpha);
        Assert.Equal((64, 32), (alpha.Width, alpha.Height));
        Assert.Equal(0, alpha.Data[8 * 64 + 16]); // top-left
        Assert.Equal(255, alpha.Data[8 * 64 + 48]); // top-right
        Assert.Equal(255, alpha.Data[24 * 64 + 16]); // bottom-left
        AssertColour(new Rgb24(255, 255, 255), image[16, 8]);
        AssertColour(Green, image[48, 8]);
    }

    [Fact]
    public void Decoding_without_asking_for_the_alpha_still_reports_the_flattening()
    {
        using var source = Halves(10, 10, Color.Transparent, Red);
        byte[] data = Encode(source, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits, out DecodeLosses losses);

        Assert.Equal(DecodeLosses.AlphaFlattened, losses);
        AssertColour(new Rgb24(255, 255, 255), image[1, 5]);
    }

    [Fact]
    public void Resizing_keeps_flat_regions_exact_and_puts_the_edge_where_the_colour_resize_puts_it()
    {
        // Transparent left half, opaque right half, and the same split in colour (black | white).
        var plane = new AlphaPlane(40, 4);
        var colour = new PixelBuffer(40, 4);
        for (int y = 0; y < 4; y++)
        {
            for (int x = 20; x < 40; x++)
            {
                plane.Data[y * 40 + x] = 255;
                colour.Data.AsSpan((y * 40 + x) * 3, 3).Fill(255);
            }
        }

        foreach (int width in new[] { 13, 97 })
        {
            AlphaPlane resized = plane.Resize(width, 2);
            PixelBuffer colourResized = colour.Resize(width, 2);

            Assert.Equal((width, 2), (resized.Width, resized.Height));
            Assert.Equal(0, resized.Data[0]);
            Assert.Equal(255, resized.Data[width - 1]);
            for (int x = 0; x < width; x++)
                Assert.InRange(resized.Data[x] - colourResized.Data[x * 3], -1, 1);
        }
    }
}
