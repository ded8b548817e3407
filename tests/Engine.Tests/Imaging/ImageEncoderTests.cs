using Cartoon.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static Cartoon.Engine.Tests.Imaging.ImagingInputs;

namespace Cartoon.Engine.Tests.Imaging;

public sealed class ImageEncoderTests
{
    private static readonly ImageLimits Limits = new();

    [Theory]
    [InlineData(OutputFormat.Png, "png", "image/png", "png")]
    [InlineData(OutputFormat.Jpeg, "jpeg", "image/jpeg", "jpg")]
    [InlineData(OutputFormat.Webp, "webp", "image/webp", "webp")]
    public void Round_trips_through_the_decoder(OutputFormat format, string sniffed, string contentType, string extension)
    {
        using Image<Rgb24> source = Quadrants(64, 48);

        byte[] encoded = ImageEncoder.Encode(source, format, 90);

        Assert.Equal(sniffed, ImageProbe.SniffFormat(encoded));
        Assert.Equal(contentType, ImageEncoder.ContentType(format));
        Assert.Equal(extension, ImageEncoder.Extension(format));
        using Image<Rgb24> decoded = ImageDecoder.Decode(encoded, Limits);
        Assert.Equal((64, 48), (decoded.Width, decoded.Height));
        int tolerance = format == OutputFormat.Png ? 0 : 24;
        AssertColour(Red, decoded[16, 12], tolerance);
        AssertColour(Green, decoded[48, 12], tolerance);
        AssertColour(Blue, decoded[16, 36], tolerance);
        AssertColour(Yellow, decoded[48, 36], tolerance);
    }

    [Fact]
    public void Png_is_lossless_eight_bit_rgb()
    {
        using var source = new Image<Rgb24>(37, 23);
        for (int y = 0; y < source.Height; y++)
        {
            for (int x = 0; x < source.Width; x++)
            {
                source[x, y] = new Rgb24((byte)(x * 7), (byte)(y * 11), (byte)(x ^ y));
            }
        }

        byte[] encoded = ImageEncoder.Encode(source, OutputFormat.Png, 1);

        Assert.Equal((8, 2), (encoded[24], encoded[25])); // IHDR: 8-bit, truecolour
        using Image<Rgb24> decoded = Image.Load<Rgb24>(encoded);
        for (int y = 0; y < source.Height; y++)
        {
            for (int x = 0; x < source.Width; x++)
            {
                Assert.Equal(source[x, y], decoded[x, y]);
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(1023, 517)]
    public void The_png_writer_round_trips_every_pixel_through_an_independent_decoder(int width, int height)
    {
        var rng = new Random(width * 31 + height);
        var rgb = new byte[width * height * 3];
        rng.NextBytes(rgb);
        for (var i = 0; i < rgb.Length / 2; i++)
            rgb[i] = (byte)(i / 97); // half noise, half flat runs: both paths of the Sub filter and deflate

        var encoded = PngWriter.Encode(rgb, width, height);

        using var decoded = Image.Load<Rgb24>(encoded); // ImageSharp checks every chunk's CRC and the zlib checksum
        var back = new byte[rgb.Length];
        decoded.CopyPixelDataTo(back);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.Equal(rgb, back);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(257, 64)]
    public void The_png_writer_round_trips_rgba_with_straight_alpha(int width, int height)
    {
        var rng = new Random(width * 17 + height);
        var rgba = new byte[width * height * 4];
        rng.NextBytes(rgba);

        var encoded = PngWriter.EncodeRgba(rgba, width, height);

        Assert.Equal((8, 6), (encoded[24], encoded[25])); // IHDR: 8-bit, truecolour with alpha
        using var decoded = Image.Load<Rgba32>(encoded);
        var back = new byte[rgba.Length];
        decoded.CopyPixelDataTo(back);
        Assert.Equal(rgba, back);
    }

    [Fact]
    public void Webp_with_alpha_is_lossy_colour_and_exact_alpha()
    {
        using var source = new Image<Rgba32>(48, 32);
        for (int y = 0; y < source.Height; y++)
        {
            for (int x = 0; x < source.Width; x++)
            {
                source[x, y] = new Rgba32(200, 60, 20, (byte)Math.Clamp((x - 8) * 8, 0, 255));
            }
        }

        byte[] encoded = ImageEncoder.Encode(source, OutputFormat.Webp, 90);

        Assert.Equal("VP8X"u8.ToArray(), encoded[12..16]);
        Assert.NotEqual(0, encoded[20] & 0x10); // VP8X alpha flag
        Assert.True(FindWebpChunk(encoded, "ALPH") > 0, "no ALPH chunk");
        Assert.True(FindWebpChunk(encoded, "VP8 ") > 0, "colour is not lossy VP8");
        using var decoded = Image.Load<Rgba32>(encoded);
        for (int x = 0; x < source.Width; x++)
        {
            Assert.Equal(source[x, 16].A, decoded[x, 16].A);
        }

        AssertColour(new Rgb24(200, 60, 20), decoded[40, 16].Rgb, tolerance: 24);
    }

    [Fact]
    public void Png_with_alpha_is_lossless_rgba()
    {
        using var source = new Image<Rgba32>(5, 3, new Rgba32(1, 2, 3, 4));
        source[4, 2] = new Rgba32(250, 128, 0, 255);

        byte[] encoded = ImageEncoder.Encode(source, OutputFormat.Png, 90);

        Assert.Equal((8, 6), (encoded[24], encoded[25]));
        using var decoded = Image.Load<Rgba32>(encoded);
        Assert.Equal(new Rgba32(1, 2, 3, 4), decoded[0, 0]);
        Assert.Equal(new Rgba32(250, 128, 0, 255), decoded[4, 2]);
    }

    [Fact]
    public void Jpeg_refuses_an_image_with_alpha()
    {
        using var source = new Image<Rgba32>(4, 4);

        Assert.Throws<ArgumentException>(() => ImageEncoder.Encode(source, OutputFormat.Jpeg, 90));
    }

    [Theory]
    [InlineData(OutputFormat.Jpeg)]
    [InlineData(OutputFormat.Webp)]
    public void Quality_drives_lossy_size(OutputFormat format)
    {
        using Image<Rgb24> source = Gradient(128, 128);

        int low = ImageEncoder.Encode(source, format, 10).Length;
        int high = ImageEncoder.Encode(source, format, 95).Length;

        Assert.True(low < high, $"quality 10 gave {low} bytes, quality 95 gave {high}");
    }

    [Theory]
    [InlineData(90, 0x11)]
    [InlineData(89, 0x22)]
    public void Jpeg_keeps_full_chroma_from_quality_90(int quality, byte lumaSampling)
    {
        using Image<Rgb24> source = Gradient(32, 32);

        byte[] encoded = ImageEncoder.Encode(source, OutputFormat.Jpeg, quality);

        int sof = FindMarker(encoded, 0xC0);
        Assert.Equal(3, encoded[sof + 9]); // components
        Assert.Equal(lumaSampling, encoded[sof + 11]); // Y sampling factors: 1x1 = 4:4:4, 2x2 = 4:2:0
    }

    [Fact]
    public void Webp_is_lossy()
    {
        using Image<Rgb24> source = Gradient(32, 32);

        byte[] encoded = ImageEncoder.Encode(source, OutputFormat.Webp, 80);

        Assert.Equal("VP8 "u8.ToArray(), encoded[12..16]);
    }

    [Fact]
    public void Grayscale_source_still_encodes_colour_jpeg()
    {
        // ImageSharp would otherwise copy the input's JPEG colour type (here: luminance) into the output.
        using var grey = new Image<L8>(16, 16, new L8(90));
        byte[] greyJpeg = Encode(grey, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { ColorType = SixLabors.ImageSharp.Formats.Jpeg.JpegColorType.Luminance });
        using Image<Rgb24> decoded = ImageDecoder.Decode(greyJpeg, Limits);
        decoded[0, 0] = new Rgb24(255, 0, 0);

        byte[] encoded = ImageEncoder.Encode(decoded, OutputFormat.Jpeg, 95);

        using Image<Rgb24> again = Image.Load<Rgb24>(encoded);
        Assert.True(again[0, 0].R > again[0, 0].G + 50, $"colour lost: {again[0, 0]}");
    }

    [Theory]
    [InlineData(OutputFormat.Jpeg, 0)]
    [InlineData(OutputFormat.Jpeg, 101)]
    [InlineData(OutputFormat.Webp, 0)]
    public void Quality_out_of_range_is_refused(OutputFormat format, int quality)
    {
        using var source = new Image<Rgb24>(4, 4);

        Assert.Throws<ArgumentOutOfRangeException>(() => ImageEncoder.Encode(source, format, quality));
    }

    [Fact]
    public void Unknown_format_is_refused()
    {
        using var source = new Image<Rgb24>(4, 4);

        Assert.Throws<ArgumentOutOfRangeException>(() => ImageEncoder.Encode(source, (OutputFormat)42, 90));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageEncoder.ContentType((OutputFormat)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageEncoder.Extension((OutputFormat)42));
    }

    /// <summary>Offset of the first top-level RIFF chunk of that FourCC, or -1.</summary>
    private static int FindWebpChunk(byte[] webp, string fourCc)
    {
        for (int offset = 12; offset + 8 <= webp.Length; offset += 8 + ((BitConverter.ToInt32(webp, offset + 4) + 1) & ~1))
        {
            if (System.Text.Encoding.ASCII.GetString(webp, offset, 4) == fourCc)
            {
                return offset;
            }
        }

        return -1;
    }

    private static Image<Rgb24> Gradient(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = new Rgb24((byte)(x * 2), (byte)(y * 2), (byte)((x * y) % 256));
            }
        }

        return image;
    }
}
