using System.Buffers.Binary;
using System.IO.Compression;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// 8-bit truecolour PNG from RGB bytes, or truecolour with alpha from RGBA bytes: rows filtered with Sub (cartoon output is flat colour, so the differences are
/// mostly zero) and deflated by .NET's zlib at its fastest level. ImageSharp's own encoder deflates with a managed zlib
/// port on one core: ~70 ms of a 1024² result's ~100 ms compose + encode (docs/benchmarks.md, "Issue 13").
/// </summary>
public static class PngWriter
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Encode(ReadOnlySpan<byte> rgb, int width, int height) => Encode(rgb, width, height, Truecolour);

    /// <summary>Straight (non-premultiplied) alpha, as PNG defines it.</summary>
    public static byte[] EncodeRgba(ReadOnlySpan<byte> rgba, int width, int height) => Encode(rgba, width, height, TruecolourWithAlpha);

    private const byte Truecolour = 2;
    private const byte TruecolourWithAlpha = 6;

    private static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, byte colourType)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var channels = colourType == TruecolourWithAlpha ? 4 : 3;
        var stride = width * channels;
        if (pixels.Length < (long)stride * height)
            throw new ArgumentException($"{pixels.Length} bytes do not hold {width}×{height} pixels of {channels} bytes.", nameof(pixels));

        using var idat = new MemoryStream(pixels.Length / 4 + 64);
        using (var zlib = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + stride];
            row[0] = 1; // filter type Sub: each byte minus the same channel of the pixel to its left
            for (var y = 0; y < height; y++)
            {
                var src = pixels.Slice(y * stride, stride);
                src[..channels].CopyTo(row.AsSpan(1));
                for (var i = channels; i < stride; i++)
                    row[1 + i] = (byte)(src[i] - src[i - channels]);
                zlib.Write(row);
            }
        }

        using var png = new MemoryStream((int)idat.Length + 64);
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = colourType;
        header[10] = header[11] = header[12] = 0; // deflate, adaptive filtering, no interlace
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, idat.GetBuffer().AsSpan(0, (int)idat.Length));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, ~Crc(Crc(0xFFFFFFFFu, type), data));
        stream.Write(word);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
