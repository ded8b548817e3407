using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Tests.Shared.Video;

/// <summary>
/// A "video" made from one still: frame t is the window of <paramref name="size"/> at <c>origin + t·step</c> (so the
/// picture moves by −step per frame, in whole pixels: a known motion) plus seeded uniform noise of ±<paramref name="noise"/>
/// per channel (sensor noise: the detector sees every frame a little differently).
/// </summary>
public static class SyntheticVideo
{
    public static List<Image<Rgb24>> Panned(Image<Rgb24> still, int frames, Size size, Point origin, Size step, int noise, int seed)
    {
        ArgumentNullException.ThrowIfNull(still);
        var last = new Point(origin.X + (frames - 1) * step.Width, origin.Y + (frames - 1) * step.Height);
        foreach (var corner in new[] { origin, last })
            if (corner.X < 0 || corner.Y < 0 || corner.X + size.Width > still.Width || corner.Y + size.Height > still.Height)
                throw new ArgumentException($"The window at {corner} leaves the {still.Size()} still.", nameof(step));
        var random = new Random(seed);
        var video = new List<Image<Rgb24>>(frames);
        for (var t = 0; t < frames; t++)
        {
            var window = new Rectangle(origin.X + t * step.Width, origin.Y + t * step.Height, size.Width, size.Height);
            var frame = still.Clone(c => c.Crop(window));
            if (noise > 0)
                frame.ProcessPixelRows(rows =>
                {
                    for (var y = 0; y < rows.Height; y++)
                        foreach (ref var p in rows.GetRowSpan(y))
                            p = new Rgb24(Noisy(p.R, noise, random), Noisy(p.G, noise, random), Noisy(p.B, noise, random));
                });
            video.Add(frame);
        }
        return video;
    }

    private static byte Noisy(byte value, int noise, Random random) => (byte)Math.Clamp(value + random.Next(-noise, noise + 1), 0, 255);
}
