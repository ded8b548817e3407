using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Streaming;

/// <summary>Checked at start (ValidateOnStart), beside the attributes of <see cref="JobStreamOptions"/>.</summary>
public sealed class JobStreamOptionsValidator : OptionsValidator<JobStreamOptions>
{
    protected override IEnumerable<string> Failures(JobStreamOptions options)
    {
        if (!(options.HeartbeatInterval > TimeSpan.Zero && options.MaxDuration > TimeSpan.Zero))
            yield return "Streams:HeartbeatInterval and Streams:MaxDuration must be positive.";
    }
}
