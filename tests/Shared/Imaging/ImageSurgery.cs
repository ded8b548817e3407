using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Tests.Shared.Imaging;

/// <summary>
/// Byte-level edits of encoded images for tests: headers that lie about the size, pixel data broken behind an intact
/// header, chunks found by type. Checksums are recomputed so only the edit itself is wrong.
/// </summary>
internal static class ImageSurgery
{
    /// <summary>A 1x1 PNG whose IHDR claims <paramref name="width"/>x<paramref name="height"/>, with a correct CRC.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var image = new Image<Rgb24>(1, 1);
        byte[] png = Encode(image, new PngEncoder());
        if (!png.AsSpan(12, 4).SequenceEqual("IHDR"u8))
            throw new InvalidOperationException("IHDR is not the first chunk.");
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>An 8x8 JPEG whose SOF claims <paramref name="width"/>x<paramref name="height"/>.</summary>
    public static byte[] JpegClaiming(int width, int height)
    {
        using var image = new Image<Rgb24>(8, 8);
        byte[] jpeg = Encode(image, new JpegEncoder());
        int sof = FindMarker(jpeg, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), checked((ushort)height));
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), checked((ushort)width));
        return jpeg;
    }

    /// <summary>
    /// A PNG whose chunk structure and header are intact (it passes a header probe) but whose first IDAT's compressed
    /// data is garbage with a recomputed CRC: only a full decode finds it corrupt.
    /// </summary>
    public static byte[] CorruptPixels(byte[] png)
    {
        byte[] data = (byte[])png.Clone();
        int idat = FindChunk(data, "IDAT");
        int length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(idat));
        // Keep the 2-byte zlib header; every deflate block after it becomes invalid.
        data.AsSpan(idat + 8 + 2, length - 2).Fill(0xFF);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(idat + 8 + length), Crc32(data.AsSpan(idat + 4, 4 + length)));
        return data;
    }

    /// <summary>Offset of the first marker FF <paramref name="marker"/>, walking segments from SOI.</summary>
    public static int FindMarker(byte[] jpeg, byte marker)
    {
        int offset = 2;
        while (offset + 4 <= jpeg.Length && jpeg[offset] == 0xFF)
        {
            if (jpeg[offset + 1] == marker)
            {
                return offset;
            }

            offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
        }

        throw new InvalidOperationException($"Marker FF{marker:X2} not found.");
    }

    /// <summary>Offset of the first PNG chunk of that type.</summary>
    public static int FindChunk(byte[] png, string type)
    {
        int offset = 8;
        while (offset + 8 <= png.Length)
        {
            if (System.Text.Encoding.ASCII.GetString(png, offset + 4, 4) == type)
            {
                return offset;
            }

            offset += 12 + BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
        }

        throw new InvalidOperationException($"Chunk {type} not found.");
    }

    /// <summary>A PNG chunk (length, type, data, CRC).</summary>
    public static byte[] PngChunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Encode(Image<Rgb24> image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }
}
