using Microsoft.Extensions.Options;

namespace Cartoon.Messaging;

/// <summary>Checked at start (ValidateOnStart): the rules beside the attributes of <see cref="VideoOptions"/>, all reported at once.</summary>
public sealed class VideoOptionsValidator : IValidateOptions<VideoOptions>
{
    public ValidateOptionsResult Validate(string? name, VideoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ConsumeTimeout <= TimeSpan.Zero || options.ConsumeTimeout > TimeSpan.FromHours(6))
            failures.Add("Video:ConsumeTimeout must lie in (0, 6 h].");
        // Found missing at start, not on the first video.
        if (options.TempDirectory is { Length: > 0 } dir && !Directory.Exists(dir))
            failures.Add($"Video:TempDirectory '{dir}' does not exist.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
