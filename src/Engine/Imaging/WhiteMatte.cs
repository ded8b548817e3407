using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Engine.Imaging;

/// <summary>
/// Flattens straight (non-premultiplied) alpha onto white: out = a·c + (1 − a)·255. Transparent portraits are
/// usually cut-outs, and the model was trained on opaque photos, so white is the least surprising background.
/// </summary>
internal static class WhiteMatte
{
    public static Image<Rgb24> Flatten(Image<Rgba32> source)
    {
        var target = new Image<Rgb24>(DecoderConfiguration.Instance, source.Width, source.Height);
        source.ProcessPixelRows(target, static (sourceRows, targetRows) =>
        {
            for (int y = 0; y < sourceRows.Height; y++)
            {
                Blend(sourceRows.GetRowSpan(y), targetRows.GetRowSpan(y));
            }
        });
        return target;
    }

    internal static void Blend(ReadOnlySpan<Rgba32> source, Span<Rgb24> target)
    {
        for (int x = 0; x < source.Length; x++)
        {
            Rgba32 pixel = source[x];
            int alpha = pixel.A;
            if (alpha == byte.MaxValue)
            {
                target[x] = new Rgb24(pixel.R, pixel.G, pixel.B);
                continue;
            }

            // +127 rounds the division by 255 to nearest.
            int white = (byte.MaxValue * (byte.MaxValue - alpha)) + 127;
            target[x] = new Rgb24(
                (byte)(((pixel.R * alpha) + white) / byte.MaxValue),
                (byte)(((pixel.G * alpha) + white) / byte.MaxValue),
                (byte)(((pixel.B * alpha) + white) / byte.MaxValue));
        }
    }
}
