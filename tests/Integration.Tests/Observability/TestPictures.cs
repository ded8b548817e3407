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
}
