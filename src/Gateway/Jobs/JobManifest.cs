using Cartoon.Contracts;

namespace Cartoon.Gateway.Jobs;

/// <summary>What was asked, fixed at submit.</summary>
public sealed record JobManifest
{
    public required Guid JobId { get; init; }
    public required string TenantId { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Base of absolute links, captured at submit so webhooks (sent without a request) link back correctly.</summary>
    public required string BaseUrl { get; init; }

    public required JobParameters Parameters { get; init; }
    public WebhookSubscription? Webhook { get; init; }
    public required IReadOnlyList<ManifestItem> Items { get; init; }
    public IReadOnlyList<RejectedPart> Rejected { get; init; } = [];

    /// <summary>W3C trace id of the submit request (Activity.Current at submit), so a job can be found in the traces.</summary>
    public string? TraceId { get; init; }
}
