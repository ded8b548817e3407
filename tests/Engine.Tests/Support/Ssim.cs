using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Tests.Support;

/// <summary>
/// SSIM for tests: the one the CLI reports (<see cref="global::Cartoon.Cli.Models.Ssim"/>: Wang et al. 2004, 11×11 Gaussian window,
/// per RGB channel, averaged), so a test's bar and `cartoon models compare` measure the same thing.
/// 1 for identical images; a cartoon that changed where the eye looks drops well below 0.99.
/// </summary>
public static class Ssim
{
    public static double Of(Image<Rgb24> a, Image<Rgb24> b) => global::Cartoon.Cli.Models.Ssim.Compute(a, b);

    public static double Of(byte[] a, byte[] b)
    {
        using var ia = TestImages.Decode(a);
        using var ib = TestImages.Decode(b);
        return Of(ia, ib);
    }
}
