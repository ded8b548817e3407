using Cartoon.Media.Frames;
using Cartoon.Media.Webp;
using Microsoft.Win32.SafeHandles;

namespace Cartoon.Media.Probing;

/// <summary>An animated WebP described from its chunk headers (ffprobe 5.1 cannot read animated WebP).</summary>
internal static class WebpProbe
{
    private const int MillisecondMs = 1;

    public static MediaInfo Describe(string path, long size, double maxAnimationFrameRate)
    {
        using SafeFileHandle file = File.OpenHandle(path);
        AnimatedWebpIndex index = AnimatedWebpIndex.Read(file);
        AnimationTiming timing = Timing(index, maxAnimationFrameRate);
        TimeSpan duration = TimeSpan.FromMilliseconds(timing.TotalMs);
        return new MediaInfo(MediaContainer.AnimatedWebp, "webp", 0, "webp", index.CanvasWidth, index.CanvasHeight, 0,
            timing.Rate, duration, duration, timing.FrameCount, false, null, size);
    }

    public static AnimationTiming Timing(AnimatedWebpIndex index, double maxAnimationFrameRate) =>
        AnimationTiming.For([.. index.Frames.Select(f => f.DurationMs)], maxAnimationFrameRate, MillisecondMs);
}
