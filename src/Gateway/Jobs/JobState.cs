namespace Cartoon.Gateway.Jobs;

/// <summary>Job-level state.</summary>
public sealed record JobState
{
    public DateTimeOffset? CanceledAt { get; init; }

    /// <summary>Set by the one transaction that completed the job (and wrote JobCompleted and the webhook to the outbox).</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    public DateTimeOffset? WebhookDisabledAt { get; init; }
    public string? WebhookDisabledReason { get; init; }

    public static JobState Empty { get; } = new();
}
