using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// Flattens straight (non-premultiplied) alpha onto white: out = a·c + (1 − a)·255. Transparent portraits are
/// usually cut-outs, and the model was trained on opaque photos, so white is the least surprising background.
/// </summary>
internal static class WhiteMatte
{
    /// <param name="transparent">Whether any pixel was less than fully opaque (the flattening changed something).</param>
    public static Image<Rgb24> Flatten(Image<Rgba32> source, out bool transparent)
    {
        var target = new Image<Rgb24>(DecoderConfiguration.Instance, source.Width, source.Height);
        var any = false;
        source.ProcessPixelRows(target, (sourceRows, targetRows) =>
        {
            for (int y = 0; y < sourceRows.Height; y++)
            {
                any |= Blend(sourceRows.GetRowSpan(y), targetRows.GetRowSpan(y));
            }
        });
        transparent = any;
        return target;
    }

    /// <returns>Whether any pixel of the row was less than fully opaque.</returns>
    internal static bool Blend(ReadOnlySpan<Rgba32> source, Span<Rgb24> target)
    {
        var transparent = false;
        for (int x = 0; x < source.Length; x++)
        {
            Rgba32 pixel = source[x];
            int alpha = pixel.A;
            if (alpha == byte.MaxValue)
            {
                target[x] = new Rgb24(pixel.R, pixel.G, pixel.B);
                continue;
            }

            transparent = true;

            // +127 rounds the division by 255 to nearest.
            int white = (byte.MaxValue * (byte.MaxValue - alpha)) + 127;
            target[x] = new Rgb24(
                (byte)(((pixel.R * alpha) + white) / byte.MaxValue),
                (byte)(((pixel.G * alpha) + white) / byte.MaxValue),
                (byte)(((pixel.B * alpha) + white) / byte.MaxValue));
        }

        return transparent;
    }
}
