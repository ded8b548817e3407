using Cartoon.Gateway.Webhooks;

namespace Cartoon.Gateway.Jobs;

/// <summary>An immutable view of one job as loaded from the store; updates produce a new snapshot.</summary>
public sealed record JobSnapshot(
    JobManifest Manifest,
    JobState State,
    IReadOnlyDictionary<int, ItemRecord> Items,
    IReadOnlyList<WebhookDelivery> Webhooks,
    DateTimeOffset LoadedAt)
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
    public string Status
    {
        get
        {
            if (State.CanceledAt is not null)
                return JobStatuses.Canceled;
            if (AllTerminal)
            {
                if (Count(JobStatuses.Succeeded) > 0)
                    return JobStatuses.Succeeded;
                return Count(JobStatuses.Failed) > 0 ? JobStatuses.Failed : JobStatuses.Canceled;
            }
            return Items.Values.Any(i => i.Status != JobStatuses.Queued) ? JobStatuses.Processing : JobStatuses.Queued;
        }
    }

    public bool IsTerminal => JobStatuses.IsTerminal(Status);

    public bool WebhookDisabled => State.WebhookDisabledAt is not null;

    public JobSnapshot WithItem(ItemRecord item)
    {
        var items = new Dictionary<int, ItemRecord>(Items) { [item.Index] = item };
        return this with { Items = items };
    }

    public JobSnapshot WithWebhook(WebhookDelivery delivery)
    {
        var list = Webhooks.Where(w => w.Id != delivery.Id).Append(delivery).OrderBy(w => w.CreatedAt).ToList();
        return this with { Webhooks = list };
    }
}
