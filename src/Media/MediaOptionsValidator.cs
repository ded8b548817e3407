using Cartoon.Media.Ffmpeg;
using Cartoon.OptionsValidation;

namespace Cartoon.Media;

/// <summary>Checked at start (ValidateOnStart): every message names the setting to fix.</summary>
public sealed class MediaOptionsValidator : OptionsValidator<MediaOptions>
{
    protected override IEnumerable<string> Failures(MediaOptions options) =>
    [
        .. ToolFailures(MediaOptions.Section, options),
        .. LimitsFailures($"{MediaOptions.Section}:Limits", options.Limits),
        .. EncodingFailures($"{MediaOptions.Section}:Encoding", options.Encoding),
    ];

    private static IEnumerable<string> ToolFailures(string s, MediaOptions options)
    {
        // The binaries must be there before the first upload, not discovered missing on it.
        if (ExecutableLocator.Find(options.FfmpegPath) is null)
            yield return $"{s}:FfmpegPath '{options.FfmpegPath}' was not found (install ffmpeg, or give its path).";
        if (ExecutableLocator.Find(options.FfprobePath) is null)
            yield return $"{s}:FfprobePath '{options.FfprobePath}' was not found (install ffmpeg, which brings ffprobe, or give its path).";
        if (options.MemoryLimitBytes < 0)
            yield return $"{s}:MemoryLimitBytes must be 0 (no cap) or positive, got {options.MemoryLimitBytes}.";
        else if (options.MemoryLimitBytes is > 0 and < 512L * 1024 * 1024)
            yield return $"{s}:MemoryLimitBytes {options.MemoryLimitBytes} is below 512 MiB, which ffmpeg needs just to map its libraries.";
        else if (options.MemoryLimitBytes > 0 && ExecutableLocator.Find(options.PrlimitPath) is null)
            yield return $"{s}:PrlimitPath '{options.PrlimitPath}' was not found; it applies {s}:MemoryLimitBytes (install util-linux, or set {s}:MemoryLimitBytes=0 to run ffmpeg without a memory cap).";
        if (options.Threads is < 0 or > 64)
            yield return $"{s}:Threads must be between 0 (ffmpeg's choice) and 64, got {options.Threads}.";
        foreach (var (setting, timeout) in new[] { ("ProbeTimeout", options.ProbeTimeout), ("ExtractTimeout", options.ExtractTimeout), ("MuxTimeout", options.MuxTimeout) })
        {
            if (timeout <= TimeSpan.Zero)
                yield return $"{s}:{setting} must be positive, got {timeout}.";
        }
        if (options.MaxAnimationFrameRate is not (>= 1 and <= 240))
            yield return $"{s}:MaxAnimationFrameRate must be between 1 and 240, got {options.MaxAnimationFrameRate}.";
    }

    private static IEnumerable<string> LimitsFailures(string s, VideoLimits? limits)
    {
        if (limits is null)
        {
            yield return $"{s} must not be null.";
            yield break;
        }

        if (limits.MaxDuration <= TimeSpan.Zero)
            yield return $"{s}:MaxDuration must be positive, got {limits.MaxDuration}.";
        if (limits.MaxFrameWidth is < 16 or > 16384)
            yield return $"{s}:MaxFrameWidth must be between 16 and 16384, got {limits.MaxFrameWidth}.";
        if (limits.MaxFrameHeight is < 16 or > 16384)
            yield return $"{s}:MaxFrameHeight must be between 16 and 16384, got {limits.MaxFrameHeight}.";
        if (limits.MaxFrameRate is not (> 0 and <= 1000))
            yield return $"{s}:MaxFrameRate must be above 0 and at most 1000, got {limits.MaxFrameRate}.";
        if (limits.MaxFrames < 1)
            yield return $"{s}:MaxFrames must be at least 1, got {limits.MaxFrames}.";
        if (limits.MaxBytes < 1)
            yield return $"{s}:MaxBytes must be at least 1, got {limits.MaxBytes}.";
    }

    private static IEnumerable<string> EncodingFailures(string s, VideoEncoding? encoding)
    {
        if (encoding is null)
        {
            yield return $"{s} must not be null.";
            yield break;
        }

        string[] presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];
        if (!presets.Contains(encoding.H264Preset, StringComparer.Ordinal))
            yield return $"{s}:H264Preset '{encoding.H264Preset}' is not a libx264 preset ({string.Join(", ", presets)}).";
        if (encoding.H264Crf is < 0 or > 51)
            yield return $"{s}:H264Crf must be between 0 and 51, got {encoding.H264Crf}.";
        if (encoding.Vp9Crf is < 0 or > 63)
            yield return $"{s}:Vp9Crf must be between 0 and 63, got {encoding.Vp9Crf}.";
        if (encoding.Vp9CpuUsed is < 0 or > 8)
            yield return $"{s}:Vp9CpuUsed must be between 0 and 8, got {encoding.Vp9CpuUsed}.";
        if (encoding.AudioBitrateKbps is < 16 or > 512)
            yield return $"{s}:AudioBitrateKbps must be between 16 and 512, got {encoding.AudioBitrateKbps}.";
        if (encoding.WebpQuality is < 0 or > 100)
            yield return $"{s}:WebpQuality must be between 0 and 100, got {encoding.WebpQuality}.";
    }
}
