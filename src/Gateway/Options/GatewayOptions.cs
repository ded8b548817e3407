using System.ComponentModel.DataAnnotations;

namespace Cartoon.Gateway.Options;

/// <summary>How this gateway runs and talks to clients. Section "Gateway".</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>"Embedded" (gateway + worker + engine in one process) or "Distributed" (gateway only).
    /// Unset: Distributed when Messaging:Transport is RabbitMq, else Embedded.</summary>
    [RegularExpression("^(?i)(Embedded|Distributed)$")]
    public string? Mode { get; set; }

    /// <summary>Base of the absolute links in responses and webhooks (behind a proxy); unset: the request's scheme and host.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>The tenant of every request while the gateway runs open (no Auth:Keys configured).</summary>
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string TenantId { get; set; } = "default";

    /// <summary>How long one send to the broker may take before the submit answers 503.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Lifetime of presigned result URLs: short, because anyone holding the URL can download the result without a key
    /// (S3 allows up to 7 days). Clients that come back later ask the result endpoint again for a fresh URL.
    /// </summary>
    public TimeSpan ResultUrlExpiry { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A submit hands its job to the broker within seconds; a job not handed over after this long belongs to a gateway
    /// that died mid-submit (its client got no 202) and is closed by the retention sweep.
    /// </summary>
    public TimeSpan HandOffTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retry-After on 503 (store or broker unavailable).</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;

}
