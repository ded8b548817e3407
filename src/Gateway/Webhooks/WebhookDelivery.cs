namespace Cartoon.Gateway.Webhooks;

/// <summary>
/// One event to one receiver, stored in the database (webhook_deliveries) with every attempt.
/// <see cref="Id"/> is the Standard Webhooks "webhook-id": derived from the event's stable id, the same across retries
/// and across a redelivered event, so receivers can dedupe on it.
/// </summary>
public sealed record WebhookDelivery
{
    public required string Id { get; init; }
    public required Guid JobId { get; init; }
    public required string Event { get; init; }
    public required string Url { get; init; }

    /// <summary>The exact body, fixed at creation: every attempt signs and sends the same bytes.</summary>
    public required string Payload { get; init; }

    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public IReadOnlyList<WebhookAttempt> Attempts { get; init; } = [];
}
