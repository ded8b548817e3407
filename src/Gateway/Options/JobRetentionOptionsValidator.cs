using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart): every message names the setting to fix.</summary>
public sealed class JobRetentionOptionsValidator : IValidateOptions<JobRetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, JobRetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var s = JobRetentionOptions.Section;

        if (options.Retention <= TimeSpan.Zero)
        {
            errors.Add($"{s}:Retention must be positive, got {options.Retention}.");
        }

        if (options.SweepInterval < TimeSpan.Zero)
        {
            errors.Add($"{s}:SweepInterval must be zero (disabled) or positive, got {options.SweepInterval}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
