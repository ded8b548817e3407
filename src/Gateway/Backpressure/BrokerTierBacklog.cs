using Cartoon.Messaging;

namespace Cartoon.Gateway.Backpressure;

/// <summary>
/// RabbitMQ: the ready count of the tier's queue from <see cref="QueueDepthMonitor"/> (read every
/// Messaging:RabbitMq:QueueDepthInterval; exact with a passive declare, ~5 s behind with the management API), plus the
/// items this gateway admitted since that reading, so a burst between two readings cannot overshoot by more than
/// other replicas' submits.
/// </summary>
public sealed class BrokerTierBacklog(QueueDepthMonitor monitor) : ITierBacklog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _sinceReading = new(StringComparer.Ordinal);
    private long _generation = -1;

    public string Source => "the RabbitMQ tier queues (cartoon_queue_messages, ready)";

    public ValueTask<long?> QueuedAsync(string tier, CancellationToken ct) => ValueTask.FromResult(Queued(tier));

    private long? Queued(string tier)
    {
        if (monitor.Depth(tier) is not { } depth)
            return null;
        lock (_lock)
        {
            Sync();
            return depth.Ready + _sinceReading.GetValueOrDefault(tier);
        }
    }

    public void Admitted(IReadOnlyDictionary<string, int> itemsPerTier)
    {
        lock (_lock)
        {
            Sync();
            foreach (var (tier, count) in itemsPerTier)
                _sinceReading[tier] = _sinceReading.GetValueOrDefault(tier) + count;
        }
    }

    /// <summary>A new reading already counts what was sent before it.</summary>
    private void Sync()
    {
        if (monitor.Generation == _generation)
            return;
        _generation = monitor.Generation;
        _sinceReading.Clear();
    }
}
