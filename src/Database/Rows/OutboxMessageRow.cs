namespace Cartoon.Database.Rows;

/// <summary>
/// A bus message written in the same transaction as the state change it announces, published afterwards by whichever
/// replica claims it (lease as on <see cref="WebhookDeliveryRow"/>), deleted once the broker confirmed it.
/// </summary>
public sealed class OutboxMessageRow
{
    /// <summary>The message's stable EventId: a message is written at most once per event.</summary>
    public Guid Id { get; set; }

    /// <summary>The message type's name (OutboxMessageTypes on the gateway side).</summary>
    public string MessageType { get; set; } = "";

    public string Payload { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not published before this time (back-off after a failed publish).</summary>
    public DateTimeOffset AvailableAt { get; set; }

    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}
