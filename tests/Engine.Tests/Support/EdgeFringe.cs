using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Tests.Support;

/// <summary>
/// How white a result's translucent edge is: the mean of min(R, G, B) / 255 of its straight colours (1 for white, low
/// for any saturated or dark colour) over the band where 10 % ≤ alpha ≤ 90 %, next to the same measure over the opaque
/// pixels just inside that band (what the edge should look like).
/// </summary>
public static class EdgeFringe
{
    private const int BandLow = 26;
    private const int BandHigh = 229;
    private const int RingDepth = 6;

    public static double BandWhiteness(Image<Rgba32> image) =>
        Mean(image, (rows, x, y) => rows[y][x].A is >= BandLow and <= BandHigh);

    /// <summary>Opaque pixels with a non-opaque pixel <see cref="RingDepth"/> px away in some axis direction.</summary>
    public static double InteriorWhiteness(Image<Rgba32> image) =>
        Mean(image, (rows, x, y) => rows[y][x].A == 255 && new[] { (x - RingDepth, y), (x + RingDepth, y), (x, y - RingDepth), (x, y + RingDepth) }
            .Any(p => p.Item1 >= 0 && p.Item2 >= 0 && p.Item1 < rows[0].Length && p.Item2 < rows.Length && rows[p.Item2][p.Item1].A < 255));

    private static double Mean(Image<Rgba32> image, Func<Rgba32[][], int, int, bool> include)
    {
        var pixels = new Rgba32[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        var rows = pixels.Chunk(image.Width).ToArray();

        double sum = 0;
        var count = 0;
        for (var y = 0; y < rows.Length; y++)
        {
            for (var x = 0; x < rows[y].Length; x++)
            {
                if (!include(rows, x, y))
                    continue;
                var p = rows[y][x];
                sum += Math.Min(p.R, Math.Min(p.G, p.B)) / 255.0;
                count++;
            }
        }

        if (count == 0)
            throw new InvalidOperationException("No pixel in the measured region.");
        return sum / count;
    }
}
