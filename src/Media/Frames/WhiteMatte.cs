using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media.Frames;

/// <summary>
/// Flattens transparent animation frames (GIF, WebP) onto white, as the engine does with still images: the nets only
/// see opaque pictures, and white is what a page shows behind a transparent sticker.
/// </summary>
internal static class WhiteMatte
{
    /// <summary>Packed RGBA rows (<paramref name="width"/> × <paramref name="height"/>) onto white into a new frame.</summary>
    public static Image<Rgb24> Flatten(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var frame = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            FlattenRow(rgba.Slice(y * width * 4, width * 4), frame.DangerousGetPixelRowMemory(y).Span);
        return frame;
    }

    /// <summary>A composited canvas onto white into a new frame.</summary>
    public static Image<Rgb24> Flatten(Image<Rgba32> canvas)
    {
        var frame = new Image<Rgb24>(canvas.Width, canvas.Height);
        for (int y = 0; y < canvas.Height; y++)
        {
            ReadOnlySpan<Rgba32> source = canvas.DangerousGetPixelRowMemory(y).Span;
            FlattenRow(System.Runtime.InteropServices.MemoryMarshal.AsBytes(source), frame.DangerousGetPixelRowMemory(y).Span);
        }

        return frame;
    }

    private static void FlattenRow(ReadOnlySpan<byte> rgba, Span<Rgb24> row)
    {
        for (int x = 0; x < row.Length; x++)
        {
            int a = rgba[(x * 4) + 3];
            int white = 255 * (255 - a);
            row[x] = new Rgb24(
                (byte)(((rgba[x * 4] * a) + white + 127) / 255),
                (byte)(((rgba[(x * 4) + 1] * a) + white + 127) / 255),
                (byte)(((rgba[(x * 4) + 2] * a) + white + 127) / 255));
        }
    }
}
