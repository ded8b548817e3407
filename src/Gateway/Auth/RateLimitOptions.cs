using System.ComponentModel.DataAnnotations;

namespace Cartoon.Gateway.Auth;

/// <summary>
/// Per-key request limits (per remote address when the gateway runs open). Section "RateLimits". Submits cost the
/// workers GPU time, so they have their own, smaller budget than reads (status polls, results, cancel, styles).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>false turns every limit off (load tests behind their own limiter).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>POST /v1/jobs, per key.</summary>
    public RateLimitRule Submit { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Every other /v1 request, per key.</summary>
    public RateLimitRule Read { get; set; } = new() { PermitLimit = 1200, Window = TimeSpan.FromMinutes(1) };
}

/// <summary>
/// A token bucket: up to <see cref="PermitLimit"/> requests at once (the burst), refilled at PermitLimit per
/// <see cref="Window"/> in small steps, so a client that used its burst gets a permit back within Window/PermitLimit.
/// </summary>
public sealed class RateLimitRule
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsValid(out string? why)
    {
        why = PermitLimit is < 1 or > 1_000_000 ? "PermitLimit must be within 1..1000000"
            : Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromDays(1) ? "Window must be within 1 s..1 day"
            : null;
        return why is null;
    }
}
