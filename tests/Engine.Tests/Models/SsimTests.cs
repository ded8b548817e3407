using Cartoon.Engine.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Ssim = Cartoon.Cli.Models.Ssim;

namespace Cartoon.Engine.Tests.Models;

public sealed class SsimTests
{
    [Fact]
    public void An_image_against_itself_is_one()
    {
        using var image = TestImages.Load(TestPaths.Astronaut);

        Assert.Equal(1.0, Ssim.Compute(image, image), precision: 12);
    }

    [Fact]
    public void Flat_images_reduce_to_the_luminance_term()
    {
        // No variance anywhere: SSIM = (2·a·b + C1) / (a² + b² + C1) with C1 = (0.01·255)².
        using var a = new Image<Rgb24>(32, 32, new Rgb24(100, 100, 100));
        using var b = new Image<Rgb24>(32, 32, new Rgb24(120, 120, 120));
        const double c1 = 0.01 * 255 * 0.01 * 255;

        Assert.Equal((2 * 100.0 * 120 + c1) / (100.0 * 100 + 120.0 * 120 + c1), Ssim.Compute(a, b), precision: 9);
    }

    [Fact]
    public void More_distortion_scores_lower()
    {
        using var image = TestImages.Load(TestPaths.Astronaut);
        using var slight = image.Clone(c => c.GaussianBlur(0.8f));
        using var strong = image.Clone(c => c.GaussianBlur(3f));

        var s1 = Ssim.Compute(image, slight);
        var s2 = Ssim.Compute(image, strong);

        Assert.InRange(s1, 0.8, 0.9999);
        Assert.True(s2 < s1 - 0.05, $"blur 3 scored {s2}, blur 0.8 scored {s1}");
    }

    [Fact]
    public void Images_of_different_sizes_are_refused()
    {
        using var a = new Image<Rgb24>(32, 32);
        using var b = new Image<Rgb24>(32, 33);

        Assert.Throws<ArgumentException>(() => Ssim.Compute(a, b));
    }
}
