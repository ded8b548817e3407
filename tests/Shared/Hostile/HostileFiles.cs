using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Cartoon.Tests.Shared.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Tests.Shared.Hostile;

/// <summary>The bytes of the hostile corpus, generated: valid images in every accepted colour model, and broken ones.</summary>
internal static class HostileFiles
{
    public const int CardWidth = 64;
    public const int CardHeight = 32;

    public static byte[] Encode<TPixel>(Image<TPixel> image, IImageEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>The upright four-colour card in <paramref name="encoder"/>'s format.</summary>
    public static byte[] Card(IImageEncoder encoder)
    {
        using var card = OrientedQuadrants.Upright(CardWidth, CardHeight);
        return Encode(card, encoder);
    }

    public static readonly JpegEncoder Jpeg = new() { Quality = 95, ColorType = JpegColorType.YCbCrRatio444 };

    /// <summary>The card stored for <paramref name="orientation"/> with that EXIF orientation, as JPEG.</summary>
    public static byte[] OrientedJpeg(ushort orientation)
    {
        using var stored = OrientedQuadrants.Stored(orientation, CardWidth, CardHeight);
        return Encode(stored, Jpeg);
    }

    /// <summary>The upright card as JPEG with an EXIF APP1 segment of <paramref name="exif"/> right after SOI.</summary>
    public static byte[] JpegWithApp1(byte[] exif)
    {
        byte[] jpeg = Card(Jpeg);
        var segment = new byte[4 + exif.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), checked((ushort)(exif.Length + 2)));
        exif.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>The upright card as JPEG whose EXIF says orientation <paramref name="orientation"/> (any value).</summary>
    public static byte[] JpegWithOrientationValue(ushort orientation)
    {
        using var card = OrientedQuadrants.Upright(CardWidth, CardHeight);
        card.Metadata.ExifProfile = new ExifProfile();
        card.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        return Encode(card, Jpeg);
    }

    /// <summary>A JPEG comment segment (COM) right after SOI.</summary>
    public static byte[] JpegWithComment(byte[] jpeg, byte[] comment)
    {
        var segment = new byte[4 + comment.Length];
        segment[0] = 0xFF;
        segment[1] = 0xFE;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), checked((ushort)(comment.Length + 2)));
        comment.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>The entropy-coded data after the first SOS replaced by noise without 0xFF (so no marker appears), EOI kept.</summary>
    public static byte[] JpegWithGarbageScan(byte[] jpeg)
    {
        byte[] data = (byte[])jpeg.Clone();
        int sos = ImageSurgery.FindMarker(data, 0xDA);
        int start = sos + 2 + BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(sos + 2));
        var random = new Random(6);
        for (int i = start; i < data.Length - 2; i++)
            data[i] = (byte)random.Next(0, 0xFF);
        return data;
    }

    /// <summary>A noisy picture: compresses badly, so halving the file cuts through pixel data.</summary>
    public static Image<Rgb24> Noise(int width, int height, int seed = 3)
    {
        var image = new Image<Rgb24>(width, height);
        var random = new Random(seed);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        }

        return image;
    }

    public static byte[] NoiseAs(IImageEncoder encoder, int width = 96, int height = 64)
    {
        using var noise = Noise(width, height);
        return Encode(noise, encoder);
    }

    public static byte[] FirstHalf(byte[] data) => data[..(data.Length / 2)];

    /// <summary>A two-frame GIF, red then blue: only the first frame may show.</summary>
    public static byte[] AnimatedGif()
    {
        using var gif = new Image<Rgba32>(32, 16, new Rgba32(255, 0, 0));
        using var second = new Image<Rgba32>(32, 16, new Rgba32(0, 0, 255));
        gif.Frames.AddFrame(second.Frames.RootFrame);
        return Encode(gif, new GifEncoder());
    }

    /// <summary>A two-frame animated WebP, red then blue.</summary>
    public static byte[] AnimatedWebp()
    {
        using var first = new Image<Rgba32>(32, 16, new Rgba32(255, 0, 0));
        using var second = new Image<Rgba32>(32, 16, new Rgba32(0, 0, 255));
        return AnimatedWebpWriter.Write(32, 16, new AnimatedWebpWriter.Frame(first, 0, 0, Lossless: true), new AnimatedWebpWriter.Frame(second, 0, 0, Lossless: true));
    }

    /// <summary>A fully transparent red PNG: the nets see white; a PNG result keeps alpha 0 over that white.</summary>
    public static byte[] TransparentPng()
    {
        using var image = new Image<Rgba32>(32, 16, new Rgba32(255, 0, 0, 0));
        return Encode(image, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
    }

    /// <summary>A grayscale PNG of <paramref name="width"/>x<paramref name="height"/> whose pixel data is all zeros, deflated: a few KB for millions of pixels.</summary>
    public static byte[] PngBomb(int width, int height, int? rowsOfData = null)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[width + 1]; // filter byte + one byte per pixel
            for (int y = 0; y < (rowsOfData ?? height); y++)
                zlib.Write(row);
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth; colour type 0 = grayscale
        return [.. PngSignature, .. ImageSurgery.PngChunk("IHDR", ihdr), .. ImageSurgery.PngChunk("IDAT", compressed.ToArray()), .. ImageSurgery.PngChunk("IEND", [])];
    }

    /// <summary>A 4x4 PNG with a zTXt chunk that inflates to <paramref name="megabytes"/> MB of zeros.</summary>
    public static byte[] PngTextBomb(int megabytes)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (int i = 0; i < megabytes; i++)
                zlib.Write(zeros);
        }

        byte[] png = Card(new PngEncoder());
        byte[] text = [.. "Comment"u8, 0, 0, .. compressed.ToArray()];
        int afterIhdr = 8 + 25;
        return [.. png[..afterIhdr], .. ImageSurgery.PngChunk("zTXt", text), .. png[afterIhdr..]];
    }

    /// <summary>The card as PNG with an eXIf chunk of garbage (valid CRC).</summary>
    public static byte[] PngWithGarbageExif()
    {
        byte[] png = Card(new PngEncoder());
        int afterIhdr = 8 + 25;
        byte[] garbage = [.. "MM\0*"u8, .. Enumerable.Repeat((byte)0xA5, 60)];
        return [.. png[..afterIhdr], .. ImageSurgery.PngChunk("eXIf", garbage), .. png[afterIhdr..]];
    }

    /// <summary>A GIF whose logical screen claims <paramref name="width"/>x<paramref name="height"/>.</summary>
    public static byte[] GifClaiming(int width, int height)
    {
        using var blank = new Image<Rgb24>(4, 4);
        byte[] gif = Encode(blank, new GifEncoder());
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(6), checked((ushort)width));
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(8), checked((ushort)height));
        return gif;
    }

    /// <summary>A lossless WebP whose VP8L header claims 16384x16384 (its largest expressible size).</summary>
    public static byte[] WebpClaimingLargest()
    {
        using var blank = new Image<Rgb24>(4, 4);
        byte[] webp = Encode(blank, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        if (!webp.AsSpan(12, 4).SequenceEqual("VP8L"u8))
            throw new InvalidOperationException("Expected a simple lossless WebP.");
        // After the 0x2F signature: 14 bits width-1, 14 bits height-1, 1 bit alpha, 3 bits version (all zero).
        uint bits = 16383u | (16383u << 14);
        BinaryPrimitives.WriteUInt32LittleEndian(webp.AsSpan(21), bits);
        return webp;
    }

    /// <summary>A 24-bit BMP whose header claims <paramref name="width"/>x<paramref name="height"/>.</summary>
    public static byte[] BmpClaiming(int width, int height)
    {
        using var blank = new Image<Rgb24>(4, 4);
        byte[] bmp = Encode(blank, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        return bmp;
    }

    /// <summary>A BMP whose pixel-data offset points far past its end.</summary>
    public static byte[] BmpOffsetPastEnd()
    {
        using var blank = new Image<Rgb24>(4, 4);
        byte[] bmp = Encode(blank, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(10), 0x7FFFFFFF);
        return bmp;
    }

    /// <summary>A lossless WebP of the card whose bitstream after the 5-byte VP8L header is noise (RIFF sizes intact).</summary>
    public static byte[] WebpWithGarbageBitstream()
    {
        byte[] webp = Card(new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        var random = new Random(7);
        for (int i = 25; i < webp.Length; i++)
            webp[i] = (byte)random.Next(256);
        return webp;
    }

    /// <summary>A GIF of the card whose LZW image data is noise (block lengths intact).</summary>
    public static byte[] GifWithGarbageData()
    {
        byte[] gif = Card(new GifEncoder());
        int descriptor = Array.IndexOf(gif, (byte)0x2C, 13);
        bool localTable = (gif[descriptor + 9] & 0x80) != 0;
        int data = descriptor + 10 + (localTable ? 3 * (2 << (gif[descriptor + 9] & 7)) : 0) + 1; // + LZW minimum code size
        var random = new Random(8);
        while (data < gif.Length && gif[data] != 0)
        {
            int length = gif[data];
            for (int i = data + 1; i <= data + length && i < gif.Length; i++)
                gif[i] = (byte)random.Next(256);
            data += length + 1;
        }

        return gif;
    }

    public static byte[] PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Ascii(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Html => Ascii("<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n");

    public static byte[] Svg => Ascii("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\"><script>alert(1)</script><rect width=\"64\" height=\"64\" fill=\"red\"/></svg>\n");

    /// <summary>A minimal, well-formed one-page PDF.</summary>
    public static byte[] Pdf => Ascii("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
                                      "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 64 64]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    public static byte[] Heic => [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8, .. new byte[64]];

    public static byte[] ZipHeader => [.. "PK\x03\x04"u8, 20, 0, 0, 0, 8, 0, .. new byte[40]];

    public static byte[] Executable => [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, .. new byte[48], .. "This program cannot be run in DOS mode."u8];

    /// <summary>A payload a polyglot smuggles; it must not reach a result.</summary>
    public static byte[] Script => Ascii("<script>alert('polyglot')</script>");

    public static byte[] TiffOfCard() => Card(new TiffEncoder());
}
