using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// Puts an input's alpha back on a result drawn from its white-flattened colours (<see cref="WhiteMatte"/>), taking the
/// white back out of the translucent edge.
/// </summary>
/// <remarks>
/// Where 0 &lt; a &lt; 1 the decoder mixed the colour with white, flat = a·c + (1 − a)·white, and the nets drew that
/// mix; put back under the same alpha it shows as a light fringe over any darker background. Un-flattening solves the
/// mix for c, c = (flat − (1 − a)·matte) / a, per pixel. It was chosen over colour decontamination (spreading colours
/// in from opaque neighbours) because it keeps what the nets drew at the edge itself (hair strands, outlines) instead
/// of replacing it, is exact for the decoder's own mix (strength 0 gives the input's colours back), and is one local
/// pass. Two details make it work on real results:
/// <list type="bullet">
/// <item>The nets do not keep white white (anime draws it about (240, 236, 236)): solving against 255 over-corrects
/// into a dark rim. The matte is measured instead, as the median colour the result has where the input was fully
/// transparent, which is also right after a strength blend (a mix of the nets' white and the original's).</item>
/// <item>Below <see cref="MinAlpha"/> the divisor is held at that value: a pixel that faint would otherwise amplify
/// the nets' noise up to 255-fold into a saturated speck; it contributes under 3 % of its colour anyway.</item>
/// </list>
/// On the feathered cut-out of AlphaOutputTests (anime), mean whiteness (min channel / 255) over the 10–90 % alpha
/// band: 0.67 put back naively, 0.45 un-flattened against the measured matte (0.34 against pure white: the dark rim),
/// next to 0.51 for the opaque pixels just inside the band.
/// </remarks>
internal static class Unflattening
{
    /// <summary>About 3 % opacity: the smallest divisor the colour solve uses.</summary>
    public const int MinAlpha = 8;

    /// <summary>Straight RGBA (4 bytes per pixel) from flattened RGB and an alpha plane of the same size.</summary>
    public static byte[] ToRgba(PixelBuffer flattened, AlphaPlane alpha) => ToRgba(flattened, alpha, Matte(flattened, alpha));

    /// <inheritdoc cref="ToRgba(PixelBuffer, AlphaPlane)"/>
    /// <param name="matte">The colour the flattening's white became in <paramref name="flattened"/>.</param>
    public static byte[] ToRgba(PixelBuffer flattened, AlphaPlane alpha, Rgb24 matte)
    {
        CheckSizes(flattened, alpha);
        var rgb = flattened.Data;
        var a8 = alpha.Data;
        var rgba = GC.AllocateUninitializedArray<byte>(a8.Length * 4);
        ParallelRanges.For(a8.Length, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                int a = a8[i];
                int s = i * 3, t = i * 4;
                // Opaque pixels are exact as they are; fully transparent ones keep the flattened colour, so a viewer
                // that ignores alpha still sees the white-backed picture there.
                if (a is 0 or byte.MaxValue)
                {
                    rgba[t] = rgb[s];
                    rgba[t + 1] = rgb[s + 1];
                    rgba[t + 2] = rgb[s + 2];
                }
                else
                {
                    var divisor = Math.Max(a, MinAlpha);
                    rgba[t] = Solve(rgb[s], matte.R, a, divisor);
                    rgba[t + 1] = Solve(rgb[s + 1], matte.G, a, divisor);
                    rgba[t + 2] = Solve(rgb[s + 2], matte.B, a, divisor);
                }
                rgba[t + 3] = (byte)a;
            }
        });
        return rgba;
    }

    /// <summary>The per-channel median of <paramref name="flattened"/> where the alpha is 0; white when no pixel is.</summary>
    public static Rgb24 Matte(PixelBuffer flattened, AlphaPlane alpha)
    {
        CheckSizes(flattened, alpha);
        var histogram = new long[3 * 256];
        ParallelRanges.For(alpha.Data.Length, (start, end) =>
        {
            var local = new long[3 * 256];
            for (var i = start; i < end; i++)
            {
                if (alpha.Data[i] != 0)
                    continue;
                local[flattened.Data[i * 3]]++;
                local[256 + flattened.Data[i * 3 + 1]]++;
                local[512 + flattened.Data[i * 3 + 2]]++;
            }
            lock (histogram)
            {
                for (var k = 0; k < histogram.Length; k++)
                    histogram[k] += local[k];
            }
        });
        long count = 0;
        foreach (var n in histogram.AsSpan(0, 256))
            count += n;
        if (count == 0)
            return new Rgb24(byte.MaxValue, byte.MaxValue, byte.MaxValue);
        return new Rgb24(Median(histogram.AsSpan(0, 256), count), Median(histogram.AsSpan(256, 256), count), Median(histogram.AsSpan(512, 256), count));
    }

    /// <summary>c = (flat − (1 − a)·matte) / a in 255ths, rounded to nearest and clamped.</summary>
    private static byte Solve(int flat, int matte, int a, int divisor)
    {
        var numerator = flat * byte.MaxValue - (byte.MaxValue - a) * matte;
        if (numerator <= 0)
            return 0;
        return (byte)Math.Min(byte.MaxValue, (numerator + divisor / 2) / divisor);
    }

    private static byte Median(ReadOnlySpan<long> histogram, long count)
    {
        long seen = 0;
        for (var value = 0; value < histogram.Length; value++)
        {
            seen += histogram[value];
            if (2 * seen >= count)
                return (byte)value;
        }
        return byte.MaxValue;
    }

    private static void CheckSizes(PixelBuffer flattened, AlphaPlane alpha)
    {
        if (flattened.Width != alpha.Width || flattened.Height != alpha.Height)
            throw new ArgumentException($"The {alpha.Width}×{alpha.Height} alpha does not match the {flattened.Width}×{flattened.Height} colours.", nameof(alpha));
    }
}
