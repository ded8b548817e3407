using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>Small generated images (tier s) and one whose pixels are corrupt past an intact header (fails on the worker).</summary>
public static class TestPictures
{
    public static byte[] Png(int width = 192, int height = 160, int seed = 1)
    {
        using var image = new Image<Rgb24>(width, height);
        var random = new Random(seed);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            image[x, y] = new Rgb24((byte)(x * 3 + seed), (byte)(y * 5), (byte)random.Next(256));
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    /// <summary>Header and chunk CRCs intact (passes the submit-time probe), first IDAT's deflate data garbage.</summary>
    public static byte[] CorruptPixels(byte[] png)
    {
        var data = (byte[])png.Clone();
        var offset = 8;
        while (offset + 12 <= data.Length)
        {
            var length = (data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];
            if (System.Text.Encoding.ASCII.GetString(data, offset + 4, 4) == "IDAT")
            {
                for (var i = offset + 8 + 2; i < offset + 8 + length; i++)
                    data[i] = 0xFF;
                var crc = Crc32(data.AsSpan(offset + 4, 4 + length));
                data[offset + 8 + length] = (byte)(crc >> 24);
                data[offset + 9 + length] = (byte)(crc >> 16);
                data[offset + 10 + length] = (byte)(crc >> 8);
                data[offset + 11 + length] = (byte)crc;
                return data;
            }
            offset += 12 + length;
        }
        throw new InvalidOperationException("no IDAT chunk");
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
