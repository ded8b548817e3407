using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Tests.Support;

/// <summary>
/// Structural similarity (Wang et al. 2004) of two same-size images on luma: the mean over 8×8 windows, stride 4, of
/// ((2μaμb + C1)(2σab + C2)) / ((μa² + μb² + C1)(σa² + σb² + C2)), with C1 = (0.01·255)², C2 = (0.03·255)².
/// 1 for identical images; a cartoon that changed where the eye looks drops well below 0.99.
/// </summary>
public static class Ssim
{
    private const int Window = 8;
    private const int Stride = 4;
    private const double C1 = 0.01 * 255 * 0.01 * 255;
    private const double C2 = 0.03 * 255 * 0.03 * 255;

    public static double Of(Image<Rgb24> a, Image<Rgb24> b)
    {
        if (a.Size() != b.Size())
            throw new InvalidOperationException($"Sizes differ: {a.Size()} vs {b.Size()}");
        var (la, lb) = (Luma(a), Luma(b));
        var (width, height) = (a.Width, a.Height);
        double sum = 0;
        var windows = 0;
        for (var y = 0; y + Window <= height; y += Stride)
        for (var x = 0; x + Window <= width; x += Stride)
        {
            double ma = 0, mb = 0;
            for (var j = 0; j < Window; j++)
            for (var i = 0; i < Window; i++)
            {
                ma += la[(y + j) * width + x + i];
                mb += lb[(y + j) * width + x + i];
            }
            ma /= Window * Window;
            mb /= Window * Window;
            double va = 0, vb = 0, cov = 0;
            for (var j = 0; j < Window; j++)
            for (var i = 0; i < Window; i++)
            {
                var da = la[(y + j) * width + x + i] - ma;
                var db = lb[(y + j) * width + x + i] - mb;
                va += da * da;
                vb += db * db;
                cov += da * db;
            }
            const int n = Window * Window - 1;
            va /= n;
            vb /= n;
            cov /= n;
            sum += (2 * ma * mb + C1) * (2 * cov + C2) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
            windows++;
        }
        return sum / windows;
    }

    public static double Of(byte[] a, byte[] b)
    {
        using var ia = TestImages.Decode(a);
        using var ib = TestImages.Decode(b);
        return Of(ia, ib);
    }

    private static double[] Luma(Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels.Select(p => 0.299 * p.R + 0.587 * p.G + 0.114 * p.B).ToArray();
    }
}
