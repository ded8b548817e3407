using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart): the idempotency windows must be positive.</summary>
public sealed class IdempotencyOptionsValidator : OptionsValidator<IdempotencyOptions>
{
    protected override IEnumerable<string> Failures(IdempotencyOptions options)
    {
        if (!(options.Retention > TimeSpan.Zero && options.InFlightTimeout > TimeSpan.Zero && options.SweepInterval > TimeSpan.Zero))
            yield return "Idempotency:Retention, InFlightTimeout and SweepInterval must be positive.";
    }
}
