using Cartoon.OptionsValidation;

namespace Cartoon.Gateway.Auth;

/// <summary>
/// Checked at start (ValidateOnStart): the two default rules, whose ranges sit on <see cref="RateLimitRule"/> (nested,
/// so ValidateDataAnnotations does not reach them) and are checked by <see cref="RateLimitRule.IsValid"/>.
/// </summary>
public sealed class RateLimitOptionsValidator : OptionsValidator<RateLimitOptions>
{
    protected override IEnumerable<string> Failures(RateLimitOptions options)
    {
        if (!options.Submit.IsValid(out _) || !options.Read.IsValid(out _))
            yield return "RateLimits:Submit and RateLimits:Read: PermitLimit within 1..1000000 and Window within 1 s..1 day.";
    }
}
