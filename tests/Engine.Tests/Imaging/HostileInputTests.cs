using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using Cartoon.Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using static Cartoon.Engine.Tests.Imaging.ImagingInputs;

namespace Cartoon.Engine.Tests.Imaging;

/// <summary>Small files crafted to make ImageSharp 2.1 spend far more than their size.</summary>
public sealed class HostileInputTests
{
    private static readonly ImageLimits Limits = new();

    [Fact]
    public void Png_text_bomb_is_not_inflated()
    {
        byte[] data = PngWithTextBomb(inflatedMegabytes: 64);
        ImageProbe.Probe(EncodedBlank(4, 4, new PngEncoder()), Limits);

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        ImageHeader header = ImageProbe.Probe(data, Limits);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(new ImageHeader("png", 4, 4, false), header);
        Assert.True(allocated < 10 * 1024 * 1024, $"allocated {allocated} bytes");
        Assert.True(stopwatch.ElapsedMilliseconds < 500, $"took {stopwatch.ElapsedMilliseconds} ms");
        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);
        Assert.Equal(4, image.Width);
    }

    [Fact]
    public void Webp_chunk_claiming_more_than_the_file_is_invalid()
    {
        using var source = new Image<Rgba32>(4, 4, Red);
        source.Metadata.ExifProfile = new ExifProfile();
        source.Metadata.ExifProfile.SetValue(ExifTag.Make, "Phone");
        byte[] data = Encode(source, new WebpEncoder());
        int exif = FindRiffChunk(data, "EXIF");
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(exif + 4), 0x7FFFFFF0); // ImageSharp would allocate this up front

        Rejected(FailureReasons.InvalidImage, () => ImageProbe.Probe(data, Limits));
        Rejected(FailureReasons.InvalidImage, () => ImageDecoder.Decode(data, Limits));
    }

    [Fact]
    public void Webp_bytes_after_the_riff_end_are_ignored()
    {
        using var source = new Image<Rgba32>(4, 4, Red);
        source.Metadata.ExifProfile = new ExifProfile(); // makes it an extended (VP8X) file, whose metadata chunks ImageSharp reads
        source.Metadata.ExifProfile.SetValue(ExifTag.Make, "Phone");
        byte[] trailer = [.. "EXIF"u8, 0xF0, 0xFF, 0xFF, 0x7F, .. "trailing garbage"u8];
        byte[] data = [.. Encode(source, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }), .. trailer];

        Assert.Equal(new ImageHeader("webp", 4, 4, false), ImageProbe.Probe(data, Limits));
        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);
        AssertColour(Red, image[1, 1]);
    }

    [Theory]
    [InlineData(0x10000000u)] // ImageSharp 2.1 would allocate 256 MB for this 1 KB file
    [InlineData(0x7FFFFFFFu)] // ... and throw OutOfMemoryException for this one
    public void Bmp_pixel_offset_past_the_file_is_invalid(uint offset)
    {
        byte[] data = EncodedBlank(4, 4, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 });
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(10), offset);

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        Rejected(FailureReasons.InvalidImage, () => ImageProbe.Probe(data, Limits));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.True(allocated < 10 * 1024 * 1024, $"allocated {allocated} bytes");
        Rejected(FailureReasons.InvalidImage, () => ImageDecoder.Decode(data, Limits));
    }

    [Fact]
    public void Broken_png_exif_counts_as_upright()
    {
        using var source = new Image<Rgb24>(6, 4);
        source.Metadata.ExifProfile = new ExifProfile();
        source.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        byte[] data = Encode(source, new PngEncoder());
        int exif = FindChunk(data, "eXIf");
        int length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(exif));
        data.AsSpan(exif + 8, length).Fill(0xA5);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(exif + 8 + length), Crc32(data.AsSpan(exif + 4, 4 + length)));

        Assert.Equal(new ImageHeader("png", 6, 4, false), ImageProbe.Probe(data, Limits));
        using Image<Rgb24> image = ImageDecoder.Decode(data, Limits);
        Assert.Equal((6, 4), (image.Width, image.Height));
    }

    /// <summary>A 4x4 PNG with a zTXt chunk inflating to <paramref name="inflatedMegabytes"/> MB of zeros.</summary>
    private static byte[] PngWithTextBomb(int inflatedMegabytes)
    {
        using var image = new Image<Rgb24>(4, 4);
        byte[] png = Encode(image, new PngEncoder());
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (int i = 0; i < inflatedMegabytes; i++)
            {
                zlib.Write(zeros);
            }
        }

        byte[] body = [.. "zTXtComment"u8, 0, 0, .. compressed.ToArray()];
        var chunk = new byte[body.Length + 8];
        BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length - 4);
        body.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4 + body.Length), Crc32(body));
        int afterIhdr = 8 + 25;
        return [.. png[..afterIhdr], .. chunk, .. png[afterIhdr..]];
    }

    private static int FindRiffChunk(byte[] webp, string fourCc)
    {
        int offset = 12;
        while (offset + 8 <= webp.Length)
        {
            if (System.Text.Encoding.ASCII.GetString(webp, offset, 4) == fourCc)
            {
                return offset;
            }

            int size = BinaryPrimitives.ReadInt32LittleEndian(webp.AsSpan(offset + 4));
            offset += 8 + size + (size & 1);
        }

        throw new InvalidOperationException($"Chunk {fourCc} not found.");
    }
}
