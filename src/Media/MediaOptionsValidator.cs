using Cartoon.Media.Ffmpeg;
using Microsoft.Extensions.Options;

namespace Cartoon.Media;

/// <summary>Checked at start (ValidateOnStart): every message names the setting to fix.</summary>
public sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var s = MediaOptions.Section;

        // The binaries must be there before the first upload, not discovered missing on it.
        if (ExecutableLocator.Find(options.FfmpegPath) is null)
            errors.Add($"{s}:FfmpegPath '{options.FfmpegPath}' was not found (install ffmpeg, or give its path).");
        if (ExecutableLocator.Find(options.FfprobePath) is null)
            errors.Add($"{s}:FfprobePath '{options.FfprobePath}' was not found (install ffmpeg, which brings ffprobe, or give its path).");
        if (options.MemoryLimitBytes < 0)
            errors.Add($"{s}:MemoryLimitBytes must be 0 (no cap) or positive, got {options.MemoryLimitBytes}.");
        else if (options.MemoryLimitBytes is > 0 and < 512L * 1024 * 1024)
            errors.Add($"{s}:MemoryLimitBytes {options.MemoryLimitBytes} is below 512 MiB, which ffmpeg needs just to map its libraries.");
        else if (options.MemoryLimitBytes > 0 && ExecutableLocator.Find(options.PrlimitPath) is null)
            errors.Add($"{s}:PrlimitPath '{options.PrlimitPath}' was not found; it applies {s}:MemoryLimitBytes (install util-linux, or set {s}:MemoryLimitBytes=0 to run ffmpeg without a memory cap).");
        if (options.Threads is < 0 or > 64)
            errors.Add($"{s}:Threads must be between 0 (ffmpeg's choice) and 64, got {options.Threads}.");
        Positive(errors, $"{s}:ProbeTimeout", options.ProbeTimeout);
        Positive(errors, $"{s}:ExtractTimeout", options.ExtractTimeout);
        Positive(errors, $"{s}:MuxTimeout", options.MuxTimeout);
        if (options.MaxAnimationFrameRate is not (>= 1 and <= 240))
            errors.Add($"{s}:MaxAnimationFrameRate must be between 1 and 240, got {options.MaxAnimationFrameRate}.");

        ValidateLimits(errors, $"{s}:Limits", options.Limits);
        ValidateEncoding(errors, $"{s}:Encoding", options.Encoding);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateLimits(List<string> errors, string s, VideoLimits? limits)
    {
        if (limits is null)
        {
            errors.Add($"{s} must not be null.");
            return;
        }

        Positive(errors, $"{s}:MaxDuration", limits.MaxDuration);
        if (limits.MaxFrameWidth is < 16 or > 16384)
            errors.Add($"{s}:MaxFrameWidth must be between 16 and 16384, got {limits.MaxFrameWidth}.");
        if (limits.MaxFrameHeight is < 16 or > 16384)
            errors.Add($"{s}:MaxFrameHeight must be between 16 and 16384, got {limits.MaxFrameHeight}.");
        if (limits.MaxFrameRate is not (> 0 and <= 1000))
            errors.Add($"{s}:MaxFrameRate must be above 0 and at most 1000, got {limits.MaxFrameRate}.");
        if (limits.MaxFrames < 1)
            errors.Add($"{s}:MaxFrames must be at least 1, got {limits.MaxFrames}.");
        if (limits.MaxBytes < 1)
            errors.Add($"{s}:MaxBytes must be at least 1, got {limits.MaxBytes}.");
    }

    private static void ValidateEncoding(List<string> errors, string s, VideoEncoding? encoding)
    {
        if (encoding is null)
        {
            errors.Add($"{s} must not be null.");
            return;
        }

        string[] presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];
        if (!presets.Contains(encoding.H264Preset, StringComparer.Ordinal))
            errors.Add($"{s}:H264Preset '{encoding.H264Preset}' is not a libx264 preset ({string.Join(", ", presets)}).");
        if (encoding.H264Crf is < 0 or > 51)
            errors.Add($"{s}:H264Crf must be between 0 and 51, got {encoding.H264Crf}.");
        if (encoding.Vp9Crf is < 0 or > 63)
            errors.Add($"{s}:Vp9Crf must be between 0 and 63, got {encoding.Vp9Crf}.");
        if (encoding.Vp9CpuUsed is < 0 or > 8)
            errors.Add($"{s}:Vp9CpuUsed must be between 0 and 8, got {encoding.Vp9CpuUsed}.");
        if (encoding.AudioBitrateKbps is < 16 or > 512)
            errors.Add($"{s}:AudioBitrateKbps must be between 16 and 512, got {encoding.AudioBitrateKbps}.");
        if (encoding.WebpQuality is < 0 or > 100)
            errors.Add($"{s}:WebpQuality must be between 0 and 100, got {encoding.WebpQuality}.");
    }

    private static void Positive(List<string> errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            errors.Add($"{setting} must be positive, got {value}.");
    }
}
