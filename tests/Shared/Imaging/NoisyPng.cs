using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Tests.Shared.Imaging;

/// <summary>A PNG of gradients and seeded noise: a real image that is different per seed (no content cache hides it).</summary>
public static class NoisyPng
{
    public static byte[] Create(int width, int height, int seed)
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
