using System.ComponentModel.DataAnnotations;

namespace Cartoon.Gateway.Auth;

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
