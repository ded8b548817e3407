using Cartoon.Engine.Imaging;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Tests.Imaging;

/// <summary>The colour solve that takes the flattening's white back out of translucent edges.</summary>
public sealed class UnflatteningTests
{
    private static readonly Rgb24 White = new(255, 255, 255);

    [Fact]
    public void Undoes_the_decoders_own_flattening_within_rounding()
    {
        var colours = new Rgba32[256 * 8];
        for (int i = 0; i < colours.Length; i++)
            colours[i] = new Rgba32((byte)(i * 7), (byte)(i * 13), (byte)(i * 29), (byte)(i % 256));
        var flat = new Rgb24[colours.Length];
        WhiteMatte.Blend(colours, flat);
        var (pixels, alpha) = Planes(flat, colours.Select(c => c.A).ToArray());

        byte[] rgba = Unflattening.ToRgba(pixels, alpha, White);

        for (int i = 0; i < colours.Length; i++)
        {
            int a = colours[i].A;
            Assert.Equal(a, rgba[i * 4 + 3]);
            if (a < Unflattening.MinAlpha)
                continue;
            // flat is rounded to a whole level; dividing by a magnifies that half level by 255 / a.
            int tolerance = (int)Math.Ceiling(0.5 * 255 / a) + 1;
            Assert.InRange(Math.Abs(rgba[i * 4] - colours[i].R), 0, tolerance);
            Assert.InRange(Math.Abs(rgba[i * 4 + 1] - colours[i].G), 0, tolerance);
            Assert.InRange(Math.Abs(rgba[i * 4 + 2] - colours[i].B), 0, tolerance);
        }
    }

    [Fact]
    public void Leaves_opaque_pixels_exact_and_fully_transparent_ones_as_drawn()
    {
        var (pixels, alpha) = Planes([new Rgb24(12, 34, 56), new Rgb24(240, 236, 236)], [255, 0]);

        byte[] rgba = Unflattening.ToRgba(pixels, alpha, new Rgb24(240, 236, 236));

        Assert.Equal(new byte[] { 12, 34, 56, 255, 240, 236, 236, 0 }, rgba);
    }

    [Fact]
    public void Solves_against_the_matte_the_nets_drew_not_pure_white()
    {
        // Half-transparent orange over a tinted matte: flat = (c + matte) / 2.
        var matte = new Rgb24(240, 236, 236);
        var (pixels, alpha) = Planes([new Rgb24((200 + 240) / 2, (80 + 236) / 2, (20 + 236) / 2)], [128]);

        byte[] againstMatte = Unflattening.ToRgba(pixels, alpha, matte);
        byte[] againstWhite = Unflattening.ToRgba(pixels, alpha, White);

        Assert.InRange(againstMatte[0], 198, 202);
        Assert.InRange(againstMatte[1], 78, 82);
        Assert.InRange(againstMatte[2], 18, 22);
        Assert.True(againstWhite[1] < 70, $"against white the colour should come out too dark, got G = {againstWhite[1]}");
    }

    [Fact]
    public void A_faint_pixel_is_not_blown_up_into_a_saturated_speck()
    {
        // One level of noise over the nets' white at alpha 1/255 solves to 255 (clamped from 509) without the floor.
        var (pixels, alpha) = Planes([new Rgb24(255, 254, 254)], [1]);

        byte[] rgba = Unflattening.ToRgba(pixels, alpha, new Rgb24(254, 254, 254));

        Assert.InRange(rgba[0], 0, 127);
    }

    [Fact]
    public void The_matte_is_the_median_colour_under_full_transparency_or_white_without_any()
    {
        // A stray dark pixel (a pasted head's edge) under full transparency does not move the median; the opaque one is not counted.
        var colours = new[] { new Rgb24(240, 236, 236), new Rgb24(241, 235, 236), new Rgb24(0, 0, 0), new Rgb24(239, 236, 237), new Rgb24(240, 237, 236), new Rgb24(9, 9, 9) };
        var (pixels, alpha) = Planes(colours, [0, 0, 0, 0, 0, 255]);
        var (opaque, noTransparent) = Planes(colours, [255, 128, 1, 255, 255, 255]);

        Assert.Equal(new Rgb24(240, 236, 236), Unflattening.Matte(pixels, alpha));
        Assert.Equal(White, Unflattening.Matte(opaque, noTransparent));
    }

    [Fact]
    public void Refuses_an_alpha_plane_of_another_size() =>
        Assert.Throws<ArgumentException>(() => Unflattening.ToRgba(new PixelBuffer(4, 4), new AlphaPlane(4, 3)));

    private static (PixelBuffer Pixels, AlphaPlane Alpha) Planes(Rgb24[] colours, byte[] alpha)
    {
        var pixels = new PixelBuffer(colours.Length, 1);
        for (int i = 0; i < colours.Length; i++)
            (pixels.Data[i * 3], pixels.Data[i * 3 + 1], pixels.Data[i * 3 + 2]) = (colours[i].R, colours[i].G, colours[i].B);
        return (pixels, new AlphaPlane(alpha.Length, 1, alpha));
    }
}
