using System.Diagnostics;
using System.Text;
using Cartoon.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using static Cartoon.Engine.Tests.Imaging.ImagingInputs;

namespace Cartoon.Engine.Tests.Imaging;

public sealed class ImageProbeTests
{
    private static readonly ImageLimits Limits = new();

    public static TheoryData<string> Formats => ["jpeg", "png", "webp", "bmp", "gif", "tiff"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Reads_format_and_size_of_each_accepted_format(string format)
    {
        using var image = Halves(30, 20, Red, Blue);
        byte[] data = Encode(image, EncoderFor(format));

        Assert.Equal(format, ImageProbe.SniffFormat(data));
        Assert.Equal(new ImageHeader(format, 30, 20, false), ImageProbe.Probe(data, Limits));
    }

    [Fact]
    public void Empty_input_is_empty() =>
        Rejected(FailureReasons.Empty, () => ImageProbe.Probe([], Limits));

    [Theory]
    [InlineData("hello, this is a text file renamed to portrait.jpg\n", null)]
    [InlineData("<!DOCTYPE html><html><body><img src=\"a.jpg\"></body></html>", "HTML")]
    [InlineData("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>", "SVG")]
    [InlineData("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF")]
    [InlineData("BMW and BMX are not bitmaps, even though they start with BM", null)]
    public void Non_images_are_unsupported(string content, string? hint)
    {
        byte[] data = Encoding.UTF8.GetBytes(content);

        Assert.Null(ImageProbe.SniffFormat(data));
        var rejection = Rejected(FailureReasons.UnsupportedFormat, () => ImageProbe.Probe(data, Limits));
        if (hint is not null)
        {
            Assert.Contains(hint, rejection.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Heic_is_unsupported_with_a_hint()
    {
        byte[] heic = [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8];

        var rejection = Rejected(FailureReasons.UnsupportedFormat, () => ImageProbe.Probe(heic, Limits));
        Assert.Contains("HEIC", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png", 20)] // signature + half an IHDR
    [InlineData("png", 5)] // inside the signature
    [InlineData("jpeg", 20)] // inside APP0
    [InlineData("jpeg", 2)] // SOI only
    [InlineData("gif", 8)]
    [InlineData("webp", 10)]
    [InlineData("tiff", 6)]
    public void Header_cut_off_is_invalid(string format, int keep)
    {
        using var image = Halves(30, 20, Red, Blue);
        byte[] data = Encode(image, EncoderFor(format))[..keep];

        Rejected(FailureReasons.InvalidImage, () => ImageProbe.Probe(data, Limits));
    }

    [Fact]
    public void Recognised_magic_with_garbage_header_is_invalid()
    {
        byte[] data = [0x89, .. "PNG\r\n\u001a\n"u8, .. Enumerable.Repeat((byte)0xAB, 64)];

        Rejected(FailureReasons.InvalidImage, () => ImageProbe.Probe(data, Limits));
    }

    [Fact]
    public void More_bytes_than_allowed_is_too_large()
    {
        using var image = Halves(30, 20, Red, Blue);
        byte[] data = Encode(image, new PngEncoder());

        Rejected(FailureReasons.TooLarge, () => ImageProbe.Probe(data, new ImageLimits { MaxBytes = data.Length - 1 }));
        Assert.Equal(30, ImageProbe.Probe(data, new ImageLimits { MaxBytes = data.Length }).Width);
    }

    [Fact]
    public void Side_over_limit_is_too_large_even_when_pixel_count_is_fine()
    {
        byte[] data = PngClaiming(20_000, 10);

        Rejected(FailureReasons.TooLarge, () => ImageProbe.Probe(data, Limits));
    }

    [Fact]
    public void Pixel_count_over_limit_is_too_large()
    {
        byte[] data = PngClaiming(1000, 1000);

        Rejected(FailureReasons.TooLarge, () => ImageProbe.Probe(data, new ImageLimits { MaxPixels = 999_999 }));
        Assert.Equal(1000, ImageProbe.Probe(data, new ImageLimits { MaxPixels = 1_000_000 }).Height);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void Huge_header_is_rejected_in_milliseconds_without_allocating_pixels(string format)
    {
        byte[] data = format == "png" ? PngClaiming(60_000, 60_000) : JpegClaiming(60_000, 60_000);
        ImageProbe.Probe(EncodedBlank(8, 8, EncoderFor(format)), Limits); // JIT and static set-up out of the measurement

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var rejection = Rejected(FailureReasons.TooLarge, () => ImageProbe.Probe(data, Limits));
        stopwatch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Contains("60000x60000", rejection.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.ElapsedMilliseconds < 200, $"took {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(allocated < 10 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Probe_reads_the_header_only_so_broken_pixel_data_passes()
    {
        using var image = Halves(30, 20, Red, Blue);
        byte[] png = Encode(image, new PngEncoder());
        int idat = FindChunk(png, "IDAT");
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(idat));
        png.AsSpan(idat + 8, 4).Fill(0xEE); // zlib header and first deflate bytes destroyed...
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian( // ...behind a valid CRC, which ImageSharp's Identify checks
            png.AsSpan(idat + 8 + length),
            Crc32(png.AsSpan(idat + 4, 4 + length)));

        Assert.Equal(new ImageHeader("png", 30, 20, false), ImageProbe.Probe(png, Limits));
        Rejected(FailureReasons.InvalidImage, () => ImageDecoder.Decode(png, Limits));
    }

    [Fact]
    public void Sniffing_needs_the_whole_signature()
    {
        Assert.Equal("jpeg", ImageProbe.SniffFormat([0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.Null(ImageProbe.SniffFormat([0xFF, 0xD8]));
        Assert.Null(ImageProbe.SniffFormat("RIFF\0\0\0\0WAVEfmt "u8));
        Assert.Null(ImageProbe.SniffFormat("GIF90a"u8));
        Assert.Equal("tiff", ImageProbe.SniffFormat("MM\0*\0\0\0\u0008"u8));
    }

    [Fact]
    public void Grayscale_jpeg_probes_like_any_jpeg()
    {
        using var image = new Image<L8>(12, 7, new L8(90));
        byte[] data = Encode(image, new JpegEncoder { ColorType = JpegColorType.Luminance });

        Assert.Equal(new ImageHeader("jpeg", 12, 7, false), ImageProbe.Probe(data, Limits));
    }
}
