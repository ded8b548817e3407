namespace Cartoon.Gateway.Webhooks;

/// <summary>Webhook event names, also the values of the submit field "webhookEvents".</summary>
public static class WebhookEvents
{
    public const string Completed = "completed";
    public const string ItemCompleted = "item.completed";
    public const string ItemFailed = "item.failed";

    /// <summary>An item left the queue: a worker took it (its first stage).</summary>
    public const string ItemStarted = "item.started";

    public static readonly IReadOnlyList<string> All = [Completed, ItemCompleted, ItemFailed, ItemStarted];
    public static readonly IReadOnlyList<string> Default = [Completed];
}

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>Every attempt of the schedule failed.</summary>
    public const string Failed = "failed";

    /// <summary>The receiver answered 410 Gone (this or an earlier delivery of the job): no more attempts.</summary>
    public const string Disabled = "disabled";
}

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

public sealed record WebhookAttempt(int Number, DateTimeOffset At, int? StatusCode, string? Error, double DurationMs);
