using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Backpressure;

/// <summary>Checked at start (ValidateOnStart): the per-tier limits, which a range attribute on the dictionary cannot reach.</summary>
public sealed class BackpressureOptionsValidator : IValidateOptions<BackpressureOptions>
{
    public ValidateOptionsResult Validate(string? name, BackpressureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Tiers.Values.All(v => v >= 0)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Backpressure:Tiers values must not be negative.");
    }
}
