using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart): the idempotency windows must be positive.</summary>
public sealed class IdempotencyOptionsValidator : IValidateOptions<IdempotencyOptions>
{
    public ValidateOptionsResult Validate(string? name, IdempotencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Retention > TimeSpan.Zero && options.InFlightTimeout > TimeSpan.Zero && options.SweepInterval > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Idempotency:Retention, InFlightTimeout and SweepInterval must be positive.");
    }
}
