using Cartoon.Gateway.Webhooks;
using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart): every broken rule of "Webhooks" is reported at once, each naming its key.</summary>
public sealed class WebhookOptionsValidator : OptionsValidator<WebhookOptions>
{
    protected override IEnumerable<string> Failures(WebhookOptions options)
    {
        if (WebhookSigner.Validate(options.Secret) is not null)
            yield return "Webhooks:Secret must be 'whsec_' + base64 of 24..64 bytes.";
        if (options.Timeout <= TimeSpan.Zero || options.ResolveTimeout <= TimeSpan.Zero)
            yield return "Webhooks:Timeout and ResolveTimeout must be positive.";
        if (options.EffectiveRetrySchedule.Any(d => d < TimeSpan.Zero))
            yield return "Webhooks:RetrySchedule delays must not be negative.";
        if (options.JitterFraction is not (>= 0 and <= 1))
            yield return "Webhooks:JitterFraction must be within 0..1.";
        if (options.MaxConcurrentDeliveries is not (>= 1 and <= 256))
            yield return "Webhooks:MaxConcurrentDeliveries must be within 1..256.";
    }
}
