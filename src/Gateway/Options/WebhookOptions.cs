using Cartoon.Gateway.Egress;

namespace Cartoon.Gateway.Options;

/// <summary>Standard Webhooks delivery. Section "Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The Standard Webhooks default: now, then these delays (about 3 days in all), each with jitter.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    /// <summary>"whsec_" + base64 of 24..64 random bytes. Unset: webhooks are refused at submit (400 webhook_rejected).</summary>
    public string? Secret { get; set; }

    /// <summary>Per attempt, connect + response.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Delays between attempts; unset: <see cref="DefaultRetrySchedule"/>. Nullable because the binder appends to a non-empty default list.</summary>
    public List<TimeSpan>? RetrySchedule { get; set; }

    /// <summary>Each delay is scaled by a random factor in [1 - j, 1 + j] so a receiver that comes back is not hit by a thundering herd.</summary>
    public double JitterFraction { get; set; } = 0.2;


    /// <summary>
    /// Deliveries attempted at the same time by this gateway. It bounds a replica's delivery rate at this many per
    /// receiver answer time: 32 against receivers that answer in 100 ms is at most 320 per second (8 was 80).
    /// </summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>DNS resolution of the webhook host at submit.</summary>
    public TimeSpan ResolveTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// DANGER — TESTS ONLY. true turns the SSRF guard's address checks off (at submit and at connect), so a
    /// webhook may reach loopback, private networks and the cloud metadata service (169.254.169.254). It exists
    /// only so tests can deliver to a listener on 127.0.0.1. Never set it in a deployment.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The SSRF guard's rules for webhook URLs (http allowed: receivers behind TLS-terminating proxies exist).</summary>
    public EgressRules Egress => new("webhook URL", HttpsOnly: false, AllowPrivateNetworks, ResolveTimeout);

    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule => RetrySchedule is { Count: > 0 } s ? s : DefaultRetrySchedule;
}
