using System.Diagnostics;
using Cartoon.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using static Cartoon.Engine.Tests.Imaging.ImagingInputs;

namespace Cartoon.Engine.Tests.Imaging;

public sealed class ImageDecoderTests
{
    private static readonly ImageLimits Limits = new();

    public static TheoryData<string> Formats => ["jpeg", "png", "webp", "bmp", "gif", "tiff"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decodes_each_accepted_format_to_the_right_size_and_colours(string format)
    {
        using var source = Halves(32, 16, Red, Blue);
        byte[] data = Encode(source, EncoderFor(format));

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        Assert.Equal((32, 16), (image.Width, image.Height));
        int tolerance = format == "jpeg" ? 8 : 0;
        AssertColour(Red, image[4, 8], tolerance);
        AssertColour(Blue, image[27, 8], tolerance);
    }

    [Fact]
    public void Gif_yields_its_first_frame()
    {
        using var gif = new Image<Rgba32>(8, 8, Red);
        using var second = new Image<Rgba32>(8, 8, Blue);
        gif.Frames.AddFrame(second.Frames.RootFrame);
        byte[] data = Encode(gif, new GifEncoder());

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        Assert.Equal(1, image.Frames.Count);
        AssertColour(Red, image[3, 3]);
    }

    [Fact]
    public void Gif_decoding_stops_after_the_first_frame()
    {
        using var gif = new Image<Rgba32>(8, 8, Red);
        using var second = new Image<Rgba32>(8, 8, Blue);
        gif.Frames.AddFrame(second.Frames.RootFrame);
        byte[] data = Encode(gif, new GifEncoder());
        int descriptor = ImageDescriptorOffset(data, frame: 1);
        data.AsSpan(descriptor + 5, 4).Clear(); // the second frame claims to be 0x0, which ImageSharp refuses

        Assert.ThrowsAny<Exception>(() => Image.Load<Rgba32>(data).Dispose());
        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);
        AssertColour(Red, image[3, 3]);
    }

    [Fact]
    public void Multi_frame_decoders_are_configured_for_the_first_frame()
    {
        // ImageSharp 2.1's TIFF encoder writes one page only, so multi-page TIFF is checked on the configuration.
        var tiff = Assert.IsType<TiffDecoder>(DecoderConfiguration.Decoder("tiff"));
        var gif = Assert.IsType<GifDecoder>(DecoderConfiguration.Decoder("gif"));

        Assert.Equal(FrameDecodingMode.First, tiff.DecodingMode);
        Assert.Equal(FrameDecodingMode.First, gif.DecodingMode);
    }

    [Fact]
    public void Configuration_knows_only_the_six_accepted_formats()
    {
        string[] names = [.. DecoderConfiguration.Instance.ImageFormats.Select(format => format.Name.ToLowerInvariant()).Order()];

        Assert.Equal(new[] { "bmp", "gif", "jpeg", "png", "tiff", "webp" }, names);
    }

    [Fact]
    public void Grayscale_png_becomes_grey_rgb()
    {
        using var source = new Image<L8>(10, 10, new L8(100));
        byte[] data = Encode(source, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
        Assert.Equal(0, data[25]); // IHDR colour type: greyscale

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        AssertColour(new Rgb24(100, 100, 100), image[5, 5]);
    }

    [Fact]
    public void Grayscale_jpeg_becomes_grey_rgb()
    {
        using var source = new Image<L8>(16, 16, new L8(100));
        byte[] data = Encode(source, new JpegEncoder { ColorType = JpegColorType.Luminance, Quality = 95 });

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        AssertColour(new Rgb24(100, 100, 100), image[5, 5], tolerance: 2);
    }

    [Fact]
    public void Sixteen_bit_png_is_scaled_to_eight_bits()
    {
        using var source = new Image<Rgb48>(10, 10, new Rgb48(65535, 32896, 0));
        byte[] data = Encode(source, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 });
        Assert.Equal(16, data[24]); // IHDR bit depth

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        AssertColour(new Rgb24(255, 128, 0), image[5, 5]);
    }

    [Fact]
    public void Palette_png_is_expanded()
    {
        using var source = Halves(10, 10, Red, Blue);
        byte[] data = Encode(source, new PngEncoder { ColorType = PngColorType.Palette });
        Assert.Equal(3, data[25]); // IHDR colour type: palette

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        AssertColour(Red, image[1, 5]);
        AssertColour(Blue, image[8, 5]);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("webp")]
    public void Transparent_pixels_become_white(string format)
    {
        using var source = Halves(10, 10, new Rgba32(10, 20, 30, 0), Red);
        byte[] data = Encode(source, format == "webp" ? new WebpEncoder { FileFormat = WebpFileFormatType.Lossless, TransparentColorMode = WebpTransparentColorMode.Preserve } : EncoderFor(format));

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        AssertColour(new Rgb24(255, 255, 255), image[1, 5]);
        AssertColour(Red, image[8, 5]);
    }

    [Fact]
    public void Transparent_gif_index_becomes_white()
    {
        using var source = Halves(10, 10, Color.Transparent, Red);
        byte[] data = Encode(source, new GifEncoder());

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        AssertColour(new Rgb24(255, 255, 255), image[1, 5]);
        AssertColour(Red, image[8, 5]);
    }

    [Theory]
    [InlineData(0, 0, 0, 128, 127, 127, 127)]
    [InlineData(200, 0, 100, 128, 228, 127, 177)]
    [InlineData(255, 0, 0, 64, 255, 191, 191)]
    [InlineData(0, 0, 255, 255, 0, 0, 255)]
    public void Partial_alpha_blends_over_white(byte r, byte g, byte b, byte a, byte expectedR, byte expectedG, byte expectedB)
    {
        using var source = new Image<Rgba32>(4, 4, new Rgba32(r, g, b, a));
        byte[] data = Encode(source, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        // out = a·c + (1 − a)·255, rounded; ±1 leaves room for rounding either way.
        AssertColour(new Rgb24(expectedR, expectedG, expectedB), image[2, 2], tolerance: 1);
    }

    [Fact]
    public void Adobe_cmyk_jpeg_decodes_to_rgb()
    {
        // Stored inverted (Photoshop): red = no cyan, full magenta + yellow, no black.
        byte[] data = CmykJpegWriter.Write([(255, 0, 0, 255), (0, 255, 0, 255), (255, 255, 255, 128), (255, 255, 0, 255)]);
        Assert.Equal("jpeg", ImageProbe.SniffFormat(data));

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        Assert.Equal((32, 8), (image.Width, image.Height));
        AssertColour(Red, image[3, 3], tolerance: 2);
        AssertColour(Green, image[11, 3], tolerance: 2);
        AssertColour(new Rgb24(128, 128, 128), image[19, 3], tolerance: 2);
        AssertColour(Yellow, image[27, 3], tolerance: 2);
    }

    [Fact]
    public void Animated_webp_yields_its_first_frame()
    {
        using var first = new Image<Rgba32>(16, 8, Red);
        using var second = new Image<Rgba32>(16, 8, Blue);
        byte[] data = AnimatedWebpWriter.Write(16, 8, new AnimatedWebpWriter.Frame(first, 0, 0, Lossless: true), new AnimatedWebpWriter.Frame(second, 0, 0, Lossless: true));
        Assert.ThrowsAny<Exception>(() => Image.Load<Rgba32>(data).Dispose()); // ImageSharp 2.1 alone cannot read it

        Assert.Equal(new ImageHeader("webp", 16, 8, false), ImageProbe.Probe(data, Limits));
        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        Assert.Equal((16, 8), (image.Width, image.Height));
        AssertColour(Red, image[8, 4]);
    }

    [Fact]
    public void Animated_webp_first_frame_is_placed_on_a_white_canvas()
    {
        using var first = new Image<Rgba32>(8, 6, Red);
        using var second = new Image<Rgba32>(20, 20, Blue);
        byte[] data = AnimatedWebpWriter.Write(20, 20, new AnimatedWebpWriter.Frame(first, 10, 12, Lossless: true), new AnimatedWebpWriter.Frame(second, 0, 0, Lossless: true));

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        Assert.Equal((20, 20), (image.Width, image.Height));
        AssertColour(new Rgb24(255, 255, 255), image[2, 2]);
        AssertColour(Red, image[10, 12]);
        AssertColour(Red, image[17, 17]);
        AssertColour(new Rgb24(255, 255, 255), image[18, 17]);
        AssertColour(new Rgb24(255, 255, 255), image[17, 18]);
    }

    [Fact]
    public void Animated_webp_lossy_frame_with_alpha_keeps_its_alpha()
    {
        using var first = Halves(16, 16, Color.Transparent, Red);
        byte[] data = AnimatedWebpWriter.Write(16, 16, new AnimatedWebpWriter.Frame(first, 0, 0, Lossless: false));

        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);

        AssertColour(new Rgb24(255, 255, 255), image[2, 8], tolerance: 4);
        AssertColour(Red, image[13, 8], tolerance: 24);
    }

    [Fact]
    public void Animated_webp_frame_outside_its_canvas_is_invalid()
    {
        using var first = new Image<Rgba32>(8, 8, Red);
        byte[] data = AnimatedWebpWriter.Write(8, 8, new AnimatedWebpWriter.Frame(first, 2, 0, Lossless: true));

        Rejected(FailureReasons.InvalidImage, () => ImageProbe.Probe(data, Limits));
        Rejected(FailureReasons.InvalidImage, () => ImageDecoder.Decode(data, Limits));
    }

    [Fact]
    public void Animated_webp_canvas_is_held_to_the_limits()
    {
        using var first = new Image<Rgba32>(8, 8, Red);
        byte[] data = AnimatedWebpWriter.Write(20_000, 8, new AnimatedWebpWriter.Frame(first, 0, 0, Lossless: true));

        Rejected(FailureReasons.TooLarge, () => ImageDecoder.Decode(data, Limits));
    }

    [Fact]
    public void Empty_and_non_images_are_rejected_with_their_reason()
    {
        Rejected(FailureReasons.Empty, () => ImageDecoder.Decode(ReadOnlyMemory<byte>.Empty, Limits));
        Rejected(FailureReasons.UnsupportedFormat, () => ImageDecoder.Decode("<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray(), Limits));
        Rejected(FailureReasons.UnsupportedFormat, () => ImageDecoder.Decode("%PDF-1.4\n"u8.ToArray(), Limits));
    }

    [Theory]
    [InlineData(0xC3)] // lossless
    [InlineData(0xC9)] // arithmetic coding
    public void Jpeg_variant_imagesharp_lacks_is_unsupported_not_invalid(byte startOfFrame)
    {
        byte[] data = EncodedBlank(16, 16, new JpegEncoder());
        data[FindMarker(data, 0xC0) + 1] = startOfFrame;

        var rejection = Rejected(FailureReasons.UnsupportedFormat, () => ImageDecoder.Decode(data, Limits));
        Assert.Contains("not supported", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void Header_cut_off_is_invalid(string format)
    {
        using var source = Halves(32, 16, Red, Blue);
        byte[] data = Encode(source, EncoderFor(format))[..20];

        Rejected(FailureReasons.InvalidImage, () => ImageDecoder.Decode(data, Limits));
    }

    [Fact]
    public void Png_cut_off_inside_its_pixel_data_is_invalid()
    {
        using var source = Noise(64, 64);
        byte[] whole = Encode(source, new PngEncoder());
        byte[] data = whole[..(whole.Length / 2)];

        Rejected(FailureReasons.InvalidImage, () => ImageDecoder.Decode(data, Limits));
    }

    [Fact]
    public void Header_limits_apply_before_any_pixel_decoding()
    {
        // Without the probe the decoder would try (and fail on) the 1x1 pixel data under a 3000x3000 header.
        byte[] data = PngClaiming(3000, 3000);

        Rejected(FailureReasons.TooLarge, () => ImageDecoder.Decode(data, new ImageLimits { MaxPixels = 1_000_000 }));
        Rejected(FailureReasons.TooLarge, () => ImageDecoder.Decode(data, new ImageLimits { MaxSide = 2999 }));
    }

    [Fact]
    public void Slow_decode_gives_up_with_decode_timeout()
    {
        using var source = Noise(2000, 2000);
        byte[] data = Encode(source, new PngEncoder { CompressionLevel = PngCompressionLevel.BestSpeed });
        var limits = new ImageLimits { DecodeTimeout = TimeSpan.FromMilliseconds(1) };

        var stopwatch = Stopwatch.StartNew();
        Rejected(FailureReasons.DecodeTimeout, () => ImageDecoder.Decode(data, limits));

        Assert.True(stopwatch.ElapsedMilliseconds < 1000, $"gave up after {stopwatch.ElapsedMilliseconds} ms");
        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits); // the same bytes decode fine with time to do so
        Assert.Equal(2000, image.Width);
    }

    [Fact]
    public void Nonsense_timeout_is_refused_up_front()
    {
        byte[] data = EncodedBlank(4, 4, new PngEncoder());

        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDecoder.Decode(data, new ImageLimits { DecodeTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageDecoder.Decode(data, new ImageLimits { DecodeTimeout = TimeSpan.FromDays(30) }));
        ImageDecoder.Decode(data, new ImageLimits { DecodeTimeout = Timeout.InfiniteTimeSpan }).Dispose();
    }

    [Fact]
    public void Decoded_image_carries_no_metadata()
    {
        using var source = new Image<Rgb24>(16, 16);
        source.Metadata.ExifProfile = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        source.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Make, "Phone");
        source.Metadata.ExifProfile.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Orientation, (ushort)3);

        foreach (string format in new[] { "jpeg", "png" })
        {
            using Image<Rgb24> image = ImageDecoder.Decode(Encode(source, EncoderFor(format)), Limits);
            Assert.Null(image.Metadata.ExifProfile);
        }
    }

    [Fact]
    public void Native_memory_input_decodes()
    {
        using var source = Halves(32, 16, Red, Blue);
        byte[] data = Encode(source, new PngEncoder());
        using var native = new NativeMemory(data);

        using Image<Rgb24> image = ImageDecoder.Decode(native.Memory, Limits);

        AssertColour(Blue, image[30, 2]);
    }

    [Theory]
    [InlineData("astronaut_eileen_collins_nasa.png", 512)]
    [InlineData("dctnet_input_portrait.png", 1024)]
    public void Sample_portraits_decode_pixel_exact(string name, int side)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(SamplesDirectory(), name));

        Assert.Equal(new ImageHeader("png", side, side, false), ImageProbe.Probe(data, Limits));
        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);
        using Image<Rgb24> reference = Image.Load<Rgb24>(data);

        Assert.Equal((side, side), (image.Width, image.Height));
        foreach ((int x, int y) in new[] { (0, 0), (side / 2, side / 3), (side - 1, side - 1), (side / 5, side - 7) })
        {
            Assert.Equal(reference[x, y], image[x, y]);
        }
    }

    /// <summary>Offset of the n-th image descriptor (0x2C) in a GIF.</summary>
    private static int ImageDescriptorOffset(byte[] gif, int frame)
    {
        int offset = 13 + ColourTableSize(gif[10]);
        while (offset < gif.Length)
        {
            switch (gif[offset])
            {
                case 0x21: // extension: label, then sub-blocks
                    offset = SkipSubBlocks(gif, offset + 2);
                    break;
                case 0x2C: // image descriptor: separator, 9 bytes, local colour table, LZW code size, sub-blocks
                    if (frame-- == 0)
                    {
                        return offset;
                    }

                    offset = SkipSubBlocks(gif, offset + 11 + ColourTableSize(gif[offset + 9]));
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected GIF block 0x{gif[offset]:X2}.");
            }
        }

        throw new InvalidOperationException("Not enough frames.");

        static int ColourTableSize(byte packed) => (packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0;

        static int SkipSubBlocks(byte[] gif, int offset)
        {
            while (gif[offset] != 0)
            {
                offset += gif[offset] + 1;
            }

            return offset + 1;
        }
    }

    private static Image<Rgb24> Noise(int width, int height)
    {
        var random = new Random(1234);
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows.GetRowSpan(y)));
            }
        });
        return image;
    }

    /// <summary>Memory that is not array-backed, the way a pooled or mapped buffer would reach the decoder.</summary>
    private sealed unsafe class NativeMemory : System.Buffers.MemoryManager<byte>
    {
        private readonly byte* pointer;
        private readonly int length;

        public NativeMemory(byte[] data)
        {
            length = data.Length;
            pointer = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)length);
            data.CopyTo(new Span<byte>(pointer, length));
        }

        public override Span<byte> GetSpan() => new(pointer, length);

        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing) => System.Runtime.InteropServices.NativeMemory.Free(pointer);
    }
}
