using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Tests.Support;

/// <summary>
/// How much an image changes from one pixel to the next (|difference| of neighbours, summed over RGB): overall, as a
/// measure of sharpness, and across given lines against the same lines' surroundings, as a measure of visible seams.
/// </summary>
public static class EdgeEnergy
{
    /// <summary>Mean |difference| of each pixel with its right and its lower neighbour (RGB summed, / 3: 0..255).</summary>
    public static double Mean(Image<Rgb24> image)
    {
        var (px, w, h) = Pixels(image);
        double sum = 0;
        for (var y = 0; y + 1 < h; y++)
            for (var x = 0; x + 1 < w; x++)
                sum += Difference(px[y * w + x], px[y * w + x + 1]) + Difference(px[y * w + x], px[(y + 1) * w + x]);
        return sum / (6.0 * (w - 1) * (h - 1));
    }

    /// <summary>
    /// Seam strength along vertical lines at x = <paramref name="columns"/> and horizontal ones at y = <paramref name="rows"/>
    /// (pixel-edge coordinates): the mean |difference| across each line of the pixel pairs within 1 px of it, over that of
    /// the pairs 4 to 24 px beside it on either side. The picture's own content crosses both alike, so ~1 without a seam;
    /// a step where two tiles meet shows up as a ratio well above 1.
    /// </summary>
    public static double SeamRatio(Image<Rgb24> image, IReadOnlyList<double> columns, IReadOnlyList<double> rows)
    {
        var (px, w, h) = Pixels(image);
        double band = 0, beside = 0;
        long bandPairs = 0, besidePairs = 0;
        void Add(double distance, int difference)
        {
            if (distance <= 1)
                (band, bandPairs) = (band + difference, bandPairs + 1);
            else if (distance is >= 4 and <= 24)
                (beside, besidePairs) = (beside + difference, besidePairs + 1);
        }
        foreach (var line in columns)
            for (var x = Math.Max(0, (int)line - 25); x <= Math.Min(w - 2, (int)line + 25); x++)
                for (var y = 0; y < h; y++)
                    Add(Math.Abs(x + 1 - line), Difference(px[y * w + x], px[y * w + x + 1]));
        foreach (var line in rows)
            for (var y = Math.Max(0, (int)line - 25); y <= Math.Min(h - 2, (int)line + 25); y++)
                for (var x = 0; x < w; x++)
                    Add(Math.Abs(y + 1 - line), Difference(px[y * w + x], px[(y + 1) * w + x]));
        return band / bandPairs / (beside / besidePairs);
    }

    private static int Difference(Rgb24 a, Rgb24 b) => Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B);

    private static (Rgb24[] Pixels, int Width, int Height) Pixels(Image<Rgb24> image)
    {
        var px = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(px);
        return (px, image.Width, image.Height);
    }
}
