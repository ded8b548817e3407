using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart): every message names the setting to fix.</summary>
public sealed class JobRetentionOptionsValidator : OptionsValidator<JobRetentionOptions>
{
    protected override IEnumerable<string> Failures(JobRetentionOptions options)
    {
        var s = JobRetentionOptions.Section;
        if (options.Retention <= TimeSpan.Zero)
            yield return $"{s}:Retention must be positive, got {options.Retention}.";
        if (options.SweepInterval < TimeSpan.Zero)
            yield return $"{s}:SweepInterval must be zero (disabled) or positive, got {options.SweepInterval}.";
    }
}
