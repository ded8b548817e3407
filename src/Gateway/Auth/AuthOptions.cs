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

