using Cartoon.Engine.Imaging;

namespace Cartoon.Engine.Pipeline;

/// <summary>Final step per item: resize to the output size, blend by strength over the original, put back any alpha, encode.</summary>
internal static class Compositor
{
    public static CartoonResult Compose(WorkItem item, int maxOutputSide)
    {
        var options = item.Request.Parameters;
        var (tw, th) = OutputSize(item.Original.Width, item.Original.Height, options.MaxSide, maxOutputSide);

        var cartoon = new PixelBuffer(item.Work.Width, item.Work.Height, ToBytes(item.Cartoon)).Resize(tw, th);
        // Blend at the output size against the original resized once, so strength 0 returns the input itself.
        if (options.Strength < 1f)
        {
            var original = item.Original.Resize(tw, th);
            Blend(cartoon.Data, original.Data, options.Strength);
        }

        using var image = cartoon.AsImage();
        var upscale = Math.Round((double)Math.Max(tw, th) / Math.Max(item.Work.Width, item.Work.Height), 2);
        var keepsAlpha = TransparentOutput.Keeps(item);
        return new CartoonResult
        {
            Id = item.Request.Id,
            Output = keepsAlpha ? TransparentOutput.Encode(cartoon, item.Alpha!, options) : ImageEncoder.Encode(image, options.Format, options.Quality),
            Format = options.Format,
            Width = tw,
            Height = th,
            Faces = item.Faces.Count,
            WorkWidth = item.Work.Width,
            WorkHeight = item.Work.Height,
            UpscaleFactor = upscale,
            // A result that carries the alpha again has lost no transparency.
            Warnings = ItemWarnings.For(upscale, item.Faces, keepsAlpha ? item.Losses & ~DecodeLosses.AlphaFlattened : item.Losses),
        };
    }

    public static (int Width, int Height) OutputSize(int width, int height, int? maxSide, int maxOutputSide)
    {
        var longSide = Math.Max(width, height);
        var target = Math.Min(maxSide ?? longSide, maxOutputSide);
        if (target == longSide)
            return (width, height);
        var scale = (double)target / longSide;
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    private static byte[] ToBytes(float[] rgb)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(rgb.Length);
        ParallelRanges.For(rgb.Length, (start, end) =>
        {
            for (var i = start; i < end; i++)
                bytes[i] = (byte)Math.Clamp(MathF.Round(rgb[i]), 0f, 255f);
        });
        return bytes;
    }

    private static void Blend(byte[] cartoon, byte[] original, float strength) =>
        ParallelRanges.For(cartoon.Length, (start, end) =>
        {
            for (var i = start; i < end; i++)
                cartoon[i] = (byte)MathF.Round(strength * cartoon[i] + (1 - strength) * original[i]);
        });
}
