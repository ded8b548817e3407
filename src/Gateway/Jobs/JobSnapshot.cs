using Cartoon.Gateway.Webhooks;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// An immutable view of one job as read from the database in one unit of work (<see cref="JobRowMapper"/>): what was
/// asked (the manifest, fixed at submit), each item's record (forward only), the job-level state and its webhook deliveries.
/// </summary>
public sealed record JobSnapshot(
    JobManifest Manifest,
    JobState State,
    IReadOnlyDictionary<int, ItemRecord> Items,
    IReadOnlyList<WebhookDelivery> Webhooks)
{
    public Guid JobId => Manifest.JobId;

    public int Total => Manifest.Items.Count;

    public int Count(string status) => Items.Values.Count(i => i.Status == status);

    public bool AllTerminal => Manifest.Items.All(i => Items.TryGetValue(i.Index, out var r) && r.IsTerminal);

    public ItemRecord Item(int index) => Items.TryGetValue(index, out var r) ? r : ItemRecord.Queued(index, Manifest.SubmittedAt);

    /// <summary>
    /// A job with some failed and some succeeded items is "succeeded" with failedItems &gt; 0 (see docs/api.md):
    /// the status set stays the five every job API uses and each item carries its own outcome.
    /// </summary>
    public string Status => JobStatuses.Of(State.CanceledAt is not null, AllTerminal,
        Count(JobStatuses.Succeeded), Count(JobStatuses.Failed), Items.Values.Any(i => i.Status != JobStatuses.Queued));

    public bool IsTerminal => JobStatuses.IsTerminal(Status);

    public bool WebhookDisabled => State.WebhookDisabledAt is not null;
}
