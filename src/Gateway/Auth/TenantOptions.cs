namespace Cartoon.Gateway.Auth;

public sealed class TenantOptions
{
    /// <summary>Signs this tenant's webhooks ("whsec_" + base64 of 24..64 bytes); unset: Webhooks:Secret.</summary>
    public string? WebhookSecret { get; set; }
}
