namespace Cartoon.Gateway.Backpressure;

/// <summary>How many items wait in a tier's queue.</summary>
public interface ITierBacklog
{
    /// <summary>Where the figure comes from (logged at start).</summary>
    string Source { get; }

    /// <summary>Items waiting in the tier's queue; null when unknown (the queue could not be read).</summary>
    ValueTask<long?> QueuedAsync(string tier, CancellationToken ct);

    /// <summary>A submit with these items per tier was let through.</summary>
    void Admitted(IReadOnlyDictionary<string, int> itemsPerTier);
}
