using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Backpressure;

/// <summary>
/// In-memory transport (embedded mode): the in-process queue cannot be read, but this gateway is its only producer,
/// so the unfinished items of its jobs per tier (<see cref="QueueTracker"/>) are the backlog, exactly and at once.
/// </summary>
public sealed class TrackedTierBacklog(QueueTracker tracker) : ITierBacklog
{
    public string Source => "this gateway's unfinished items per tier (in-memory transport)";

    public long? Queued(string tier) => tracker.Unfinished(tier);

    // The job's items are counted by the tracker as soon as its manifest is stored.
    public void Admitted(IReadOnlyDictionary<string, int> itemsPerTier)
    {
    }
}
