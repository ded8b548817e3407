namespace Cartoon.Database.Rows;

/// <summary>
/// One job: what was asked (fixed at submit) and its counters, which move in the same transaction as the item rows
/// they count. <see cref="Remaining"/> reaching zero is what completes a job; updating this row first is also what
/// serialises the writers of one job (a row lock on PostgreSQL, the write lock on SQLite).
/// </summary>
public sealed class JobRow
{
    public Guid Id { get; set; }
    public string TenantId { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>Base of absolute links, captured at submit so webhooks (sent without a request) link back correctly.</summary>
    public string BaseUrl { get; set; } = "";

    public string Style { get; set; } = "";
    public float Strength { get; set; }
    public int? MaxSide { get; set; }
    public string Format { get; set; } = "";
    public int Quality { get; set; }

    /// <summary>"standard" or "high" (see the API's detail parameter).</summary>
    public string Detail { get; set; } = "standard";
    public string? WebhookUrl { get; set; }

    /// <summary>Comma-separated event names the webhook subscribed to.</summary>
    public string? WebhookEvents { get; set; }

    /// <summary>JSON array of the image parts refused at submit.</summary>
    public string Rejected { get; set; } = "[]";

    public string? TraceId { get; set; }

    /// <summary>queued | processing | succeeded | failed | canceled (JobStatuses), kept with the counters.</summary>
    public string Status { get; set; } = "";

    public int Total { get; set; }
    public int Remaining { get; set; }
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    public int Canceled { get; set; }

    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? CanceledAt { get; set; }

    /// <summary>Set once the job's items were handed to the broker; a job left without it by a crash mid-submit is closed by the sweeper.</summary>
    public DateTimeOffset? HandedOffAt { get; set; }

    /// <summary>
    /// Set when the tenant deleted the job: hidden from the API at once, its objects deleted at once and again after a
    /// grace period (a worker already running an item may still write its result), then the row goes.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public DateTimeOffset? WebhookDisabledAt { get; set; }
    public string? WebhookDisabledReason { get; set; }

    /// <summary>Bumped by every writer first, so writers of one job take its row lock before anything else (no deadlocks).</summary>
    public long Revision { get; set; }

    public List<JobItemRow> Items { get; set; } = [];
    public List<WebhookDeliveryRow> Webhooks { get; set; } = [];
}
