using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart), beside the range attributes of <see cref="OutboxOptions"/>.</summary>
public sealed class OutboxOptionsValidator : OptionsValidator<OutboxOptions>
{
    protected override IEnumerable<string> Failures(OutboxOptions options)
    {
        // DataAnnotations has no TimeSpan "positive" rule that reads as plainly as this one.
        if (!(options.PollInterval > TimeSpan.Zero && options.BusLease > TimeSpan.Zero && options.WebhookLeaseMargin > TimeSpan.Zero
              && options.MetricsInterval > TimeSpan.Zero))
            yield return "Outbox:PollInterval, BusLease, WebhookLeaseMargin and MetricsInterval must be positive.";
    }
}
