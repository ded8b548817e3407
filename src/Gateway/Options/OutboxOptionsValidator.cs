using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart), beside the range attributes of <see cref="OutboxOptions"/>.</summary>
public sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // DataAnnotations has no TimeSpan "positive" rule that reads as plainly as this one.
        return options.PollInterval > TimeSpan.Zero && options.BusLease > TimeSpan.Zero && options.WebhookLeaseMargin > TimeSpan.Zero
               && options.MetricsInterval > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Outbox:PollInterval, BusLease, WebhookLeaseMargin and MetricsInterval must be positive.");
    }
}
