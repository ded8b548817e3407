using Cartoon.Gateway.Webhooks;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Options;

/// <summary>Checked at start (ValidateOnStart): every broken rule of "Webhooks" is reported at once, each naming its key.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (WebhookSigner.Validate(options.Secret) is not null)
            failures.Add("Webhooks:Secret must be 'whsec_' + base64 of 24..64 bytes.");
        if (options.Timeout <= TimeSpan.Zero || options.ResolveTimeout <= TimeSpan.Zero)
            failures.Add("Webhooks:Timeout and ResolveTimeout must be positive.");
        if (options.EffectiveRetrySchedule.Any(d => d < TimeSpan.Zero))
            failures.Add("Webhooks:RetrySchedule delays must not be negative.");
        if (options.JitterFraction is not (>= 0 and <= 1))
            failures.Add("Webhooks:JitterFraction must be within 0..1.");
        if (options.MaxConcurrentDeliveries is not (>= 1 and <= 256))
            failures.Add("Webhooks:MaxConcurrentDeliveries must be within 1..256.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
