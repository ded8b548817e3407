using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Streaming;

/// <summary>Checked at start (ValidateOnStart), beside the attributes of <see cref="JobStreamOptions"/>.</summary>
public sealed class JobStreamOptionsValidator : IValidateOptions<JobStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, JobStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.HeartbeatInterval > TimeSpan.Zero && options.MaxDuration > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Streams:HeartbeatInterval and Streams:MaxDuration must be positive.");
    }
}
