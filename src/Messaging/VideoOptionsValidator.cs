using Cartoon.OptionsValidation;

namespace Cartoon.Messaging;

/// <summary>Checked at start (ValidateOnStart): the rules beside the attributes of <see cref="VideoOptions"/>, all reported at once.</summary>
public sealed class VideoOptionsValidator : OptionsValidator<VideoOptions>
{
    protected override IEnumerable<string> Failures(VideoOptions options)
    {
        if (options.ConsumeTimeout <= TimeSpan.Zero || options.ConsumeTimeout > TimeSpan.FromHours(6))
            yield return "Video:ConsumeTimeout must lie in (0, 6 h].";
        // Found missing at start, not on the first video.
        if (options.TempDirectory is { Length: > 0 } dir && !Directory.Exists(dir))
            yield return $"Video:TempDirectory '{dir}' does not exist.";
    }
}
