using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Backpressure;

/// <summary>Checked at start (ValidateOnStart): the per-tier limits, which a range attribute on the dictionary cannot reach.</summary>
public sealed class BackpressureOptionsValidator : OptionsValidator<BackpressureOptions>
{
    protected override IEnumerable<string> Failures(BackpressureOptions options)
    {
        if (!options.Tiers.Values.All(v => v >= 0))
            yield return "Backpressure:Tiers values must not be negative.";
    }
}
