using System.ComponentModel.DataAnnotations;

namespace Cartoon.Gateway.Auth;

/// <summary>API keys, their tenants and per-tenant settings. Section "Auth" (docs/api.md, Authentication).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string IdPattern = "^[A-Za-z0-9_-]{1,64}$";

    /// <summary>
    /// true: a request without a valid key is refused, and start fails when no key is configured. false: with no key
    /// configured the gateway runs OPEN (every request is tenant Gateway:TenantId). Unset: true in Distributed mode,
    /// false in Embedded mode (what `dotnet run` starts).
    /// </summary>
    public bool? RequireKeys { get; set; }

    /// <summary>The accepted keys (hashes only). Any key configured turns authentication on.</summary>
    public List<ApiKeyEntry> Keys { get; set; } = [];

    /// <summary>Per-tenant settings, by tenant id.</summary>
    public Dictionary<string, TenantOptions> Tenants { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ApiKeyEntry
{
    /// <summary>Names the key in logs, metrics and rate-limit partitions (never the key itself).</summary>
    [Required, RegularExpression(AuthOptions.IdPattern)]
    public string Id { get; set; } = "";

    /// <summary>The tenant whose jobs this key sees and submits.</summary>
    [Required, RegularExpression(AuthOptions.IdPattern)]
    public string Tenant { get; set; } = "";

    /// <summary>"sha256:" + 64 lowercase hex digits of the key (cartoon keys new prints it).</summary>
    [Required, RegularExpression("^sha256:[0-9a-f]{64}$")]
    public string Hash { get; set; } = "";

    /// <summary>This key's limit on POST /v1/jobs; unset: RateLimits:Submit.</summary>
    public RateLimitRule? SubmitLimit { get; set; }

    /// <summary>This key's limit on every other /v1 request; unset: RateLimits:Read.</summary>
    public RateLimitRule? ReadLimit { get; set; }
}

public sealed class TenantOptions
{
    /// <summary>Signs this tenant's webhooks ("whsec_" + base64 of 24..64 bytes); unset: Webhooks:Secret.</summary>
    public string? WebhookSecret { get; set; }
}
