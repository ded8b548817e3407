namespace Cartoon.Database.Rows;

/// <summary>
/// One event to one receiver, with every attempt. It is also the webhook outbox: a pending row is due at
/// <see cref="NextAttemptAt"/>, and a replica attempting it holds a lease (<see cref="LeaseOwner"/> until
/// <see cref="LeaseUntil"/>) so no other replica attempts it at the same time; a replica killed mid-attempt loses
/// the lease when it runs out and another one takes over.
/// </summary>
public sealed class WebhookDeliveryRow
{
    /// <summary>The Standard Webhooks "webhook-id": stable across retries and replicas.</summary>
    public string Id { get; set; } = "";

    public Guid JobId { get; set; }
    public string TenantId { get; set; } = "";
    public string Event { get; set; } = "";
    public string Url { get; set; } = "";

    /// <summary>The exact body, fixed at creation: every attempt signs and sends the same bytes.</summary>
    public string Payload { get; set; } = "";

    public string Status { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>JSON array of the attempts made.</summary>
    public string Attempts { get; set; } = "[]";

    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}
