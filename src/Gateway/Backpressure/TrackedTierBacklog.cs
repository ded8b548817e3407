using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Backpressure;

/// <summary>
/// The in-memory transport has no broker to ask; this process is then the tiers' only consumer, so the unfinished
/// items per tier in the database (<see cref="QueuePositions"/>) are the backlog, exactly and at once.
/// </summary>
public sealed class TrackedTierBacklog(QueuePositions positions) : ITierBacklog
{
    public string Source => "unfinished items per tier in the job database (in-memory transport)";

    public async ValueTask<long?> QueuedAsync(string tier, CancellationToken ct) => await positions.UnfinishedAsync(tier, ct);

    // The job's items are counted as soon as its rows exist.
    public void Admitted(IReadOnlyDictionary<string, int> itemsPerTier)
    {
    }
}
