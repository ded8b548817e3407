using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Cli.Models;

/// <summary>
/// Structural similarity (Wang et al. 2004) of two same-size RGB images: an 11×11 Gaussian window (σ 1.5),
/// K1 0.01, K2 0.03, L 255, computed per channel over the window positions that fit inside the image ("valid"),
/// and averaged over the three channels: skimage's <c>structural_similarity(gaussian_weights=True,
/// use_sample_covariance=False, channel_axis=-1)</c>.
/// </summary>
internal static class Ssim
{
    private const int Radius = 5;
    private const double Sigma = 1.5;
    private const double C1 = 0.01 * 255 * 0.01 * 255;
    private const double C2 = 0.03 * 255 * 0.03 * 255;
    private static readonly double[] Window = GaussianWindow();

    public static double Compute(Image<Rgb24> a, Image<Rgb24> b)
    {
        if (a.Size() != b.Size())
            throw new ArgumentException($"SSIM needs images of one size: {a.Size()} vs {b.Size()}.");
        if (a.Width < Window.Length || a.Height < Window.Length)
            throw new ArgumentException($"SSIM needs images of at least {Window.Length}×{Window.Length}.");
        var pa = new Rgb24[a.Width * a.Height];
        var pb = new Rgb24[b.Width * b.Height];
        a.CopyPixelDataTo(pa);
        b.CopyPixelDataTo(pb);
        var sum = 0.0;
        for (var channel = 0; channel < 3; channel++)
            sum += Channel(Plane(pa, channel), Plane(pb, channel), a.Width, a.Height);
        return sum / 3;
    }

    private static double[] Plane(Rgb24[] pixels, int channel)
    {
        var plane = new double[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
            plane[i] = channel switch { 0 => pixels[i].R, 1 => pixels[i].G, _ => pixels[i].B };
        return plane;
    }

    private static double Channel(double[] x, double[] y, int width, int height)
    {
        var xx = new double[x.Length];
        var yy = new double[x.Length];
        var xy = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        var (mx, my, mxx, myy, mxy) = (Blur(x, width, height), Blur(y, width, height), Blur(xx, width, height),
            Blur(yy, width, height), Blur(xy, width, height));

        var sum = 0.0;
        for (var i = 0; i < mx.Length; i++)
        {
            var vx = mxx[i] - mx[i] * mx[i];
            var vy = myy[i] - my[i] * my[i];
            var cov = mxy[i] - mx[i] * my[i];
            sum += (2 * mx[i] * my[i] + C1) * (2 * cov + C2) / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
        }
        return sum / mx.Length;
    }

    /// <summary>Separable Gaussian over the valid window positions: (width−10)×(height−10) means.</summary>
    private static double[] Blur(double[] plane, int width, int height)
    {
        var outW = width - 2 * Radius;
        var outH = height - 2 * Radius;
        var rows = new double[height * outW];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < outW; x++)
            {
                var s = 0.0;
                for (var k = 0; k < Window.Length; k++)
                    s += Window[k] * plane[y * width + x + k];
                rows[y * outW + x] = s;
            }
        var result = new double[outH * outW];
        for (var y = 0; y < outH; y++)
            for (var x = 0; x < outW; x++)
            {
                var s = 0.0;
                for (var k = 0; k < Window.Length; k++)
                    s += Window[k] * rows[(y + k) * outW + x];
                result[y * outW + x] = s;
            }
        return result;
    }

    private static double[] GaussianWindow()
    {
        var window = new double[2 * Radius + 1];
        for (var i = 0; i < window.Length; i++)
            window[i] = Math.Exp(-((i - Radius) * (i - Radius)) / (2 * Sigma * Sigma));
        var total = window.Sum();
        return [.. window.Select(w => w / total)];
    }
}
