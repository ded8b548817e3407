namespace Cartoon.Worker.Consumers;

/// <summary>The worker's tier endpoints, built once from the catalog and the options.</summary>
public sealed class WorkerEndpoints(IReadOnlyList<CartoonizeBatchConsumerDefinition> definitions)
{
    private readonly TimeSpan _longestTimeout = definitions.Count > 0 ? definitions.Max(d => d.ConsumeTimeout) : TimeSpan.FromMinutes(5);

    public IReadOnlyList<CartoonizeBatchConsumerDefinition> Definitions { get; } = definitions;

    /// <summary>The definition whose queue is the last path segment of a receive address (any transport), or null.</summary>
    public CartoonizeBatchConsumerDefinition? ForAddress(Uri? inputAddress)
    {
        if (inputAddress is null)
            return null;
        var queue = inputAddress.AbsolutePath.TrimEnd('/');
        queue = queue[(queue.LastIndexOf('/') + 1)..];
        return Definitions.FirstOrDefault(d => string.Equals(d.QueueName, queue, StringComparison.Ordinal));
    }

    /// <summary>The consume timeout of the tier that received the group (the longest one if the address is unknown).</summary>
    public TimeSpan ConsumeTimeoutFor(Uri? inputAddress) => ForAddress(inputAddress)?.ConsumeTimeout ?? _longestTimeout;
}
