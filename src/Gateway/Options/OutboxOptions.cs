using System.ComponentModel.DataAnnotations;

namespace Cartoon.Gateway.Options;

/// <summary>The outbox dispatcher every replica runs (section "Outbox").</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often a replica looks for due rows written by others (its own transactions wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed bus message is this replica's; a replica that dies holding it loses it after this.</summary>
    public TimeSpan BusLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra time a claimed webhook delivery is held beyond Webhooks:Timeout.</summary>
    public TimeSpan WebhookLeaseMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bus messages claimed per round.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How often the outbox gauges (cartoon_outbox_pending, cartoon_outbox_oldest_age_seconds) are re-read.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(5);
}
