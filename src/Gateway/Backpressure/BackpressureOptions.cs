using System.ComponentModel.DataAnnotations;

namespace Cartoon.Gateway.Backpressure;

/// <summary>
/// Submits are refused (503 backlog_full + Retry-After) while a tier's queue holds more than its maximum, so a backlog
/// cannot grow without bound. Section "Backpressure".
/// </summary>
public sealed class BackpressureOptions
{
    public const string Section = "Backpressure";

    /// <summary>Items waiting in one tier's queue, this submission's items included; 0 turns the check off.</summary>
    [Range(0, int.MaxValue)]
    public int MaxQueuedItemsPerTier { get; set; } = 10_000;

    /// <summary>Per-tier overrides of <see cref="MaxQueuedItemsPerTier"/>, by tier name (e.g. "xl": 500).</summary>
    public Dictionary<string, int> Tiers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Retry-After on 503 backlog_full.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary>The tier's maximum; 0 = unlimited.</summary>
    public int LimitFor(string tier) => Tiers.TryGetValue(tier, out var limit) ? limit : MaxQueuedItemsPerTier;
}
