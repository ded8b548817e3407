using System.Collections.Frozen;
using System.Globalization;

namespace Cartoon.Media;

/// <summary>
/// Configuration section <c>Media:Limits</c>: what a video or animation may be. <see cref="Check"/> judges a probe's
/// <see cref="MediaInfo"/>, so a file whose header claims ten hours or 16000×16000 is refused before a frame is decoded.
/// </summary>
public sealed class VideoLimits
{
    /// <summary>The video codecs ffmpeg (or, for WebP, the media layer itself) decodes here.</summary>
    public static readonly IReadOnlySet<string> AcceptedCodecs =
        new[] { "h264", "hevc", "vp8", "vp9", "gif", "webp" }.ToFrozenSet(StringComparer.Ordinal);

    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>With <see cref="MaxFrameHeight"/>: the largest frame, in either orientation (1920×1080 also admits 1080×1920).</summary>
    public int MaxFrameWidth { get; set; } = 1920;

    public int MaxFrameHeight { get; set; } = 1080;

    public double MaxFrameRate { get; set; } = 60;

    public long MaxFrames { get; set; } = 3600;

    public long MaxBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Null when <paramref name="info"/> is within every limit; else the first refusal (codec, then bytes, size, rate, duration, frames).</summary>
    public MediaRefusal? Check(MediaInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (!AcceptedCodecs.Contains(info.VideoCodec))
            return MediaRefusal.UnsupportedCodec(
                $"The video codec '{info.VideoCodec}' is not supported: use H.264, H.265, VP8, VP9, GIF or animated WebP.");
        if (CheckBytes(info.FileSize) is { } tooBig)
            return tooBig;

        int longSide = Math.Max(info.Width, info.Height), shortSide = Math.Min(info.Width, info.Height);
        if (longSide > Math.Max(MaxFrameWidth, MaxFrameHeight) || shortSide > Math.Min(MaxFrameWidth, MaxFrameHeight))
            return MediaRefusal.TooLarge(MediaRefusalCodes.FrameTooLarge,
                $"The frames are {info.Width}×{info.Height}; the limit is {MaxFrameWidth}×{MaxFrameHeight} (either orientation).");

        // A hair of tolerance: a 60 fps phone clip's average rate can come out at 60.02.
        if (info.FrameRate.Value > MaxFrameRate * 1.001)
            return MediaRefusal.TooLarge(MediaRefusalCodes.FrameRateTooHigh,
                $"The frame rate is {Format(info.FrameRate.Value)} fps; the limit is {Format(MaxFrameRate)} fps.");

        TimeSpan duration = info.Duration > info.ContainerDuration ? info.Duration : info.ContainerDuration;
        if (duration > MaxDuration)
            return MediaRefusal.TooLarge(MediaRefusalCodes.TooLong,
                $"The video is {Format(duration.TotalSeconds)} s long; the limit is {Format(MaxDuration.TotalSeconds)} s.");

        // The declared count may be missing or lie low; duration × rate is what constant-rate extraction produces.
        long frames = Math.Max(info.FrameCount, info.FrameRate.FramesIn(info.Duration));
        if (frames > MaxFrames)
            return MediaRefusal.TooLarge(MediaRefusalCodes.TooManyFrames,
                $"The video has {frames} frames; the limit is {MaxFrames}.");
        return null;
    }

    /// <summary>The file-size limit alone, for a gateway that knows the length before it has the file.</summary>
    public MediaRefusal? CheckBytes(long bytes) =>
        bytes > MaxBytes
            ? MediaRefusal.TooLarge(MediaRefusalCodes.FileTooLarge, $"The file is {bytes} bytes; the limit is {MaxBytes} bytes.")
            : null;

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
