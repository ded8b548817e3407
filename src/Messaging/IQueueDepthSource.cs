namespace Cartoon.Messaging;

internal interface IQueueDepthSource
{
    string Name { get; }

    /// <summary>The queue's depth, or null when the queue does not exist (yet).</summary>
    Task<QueueDepth?> ReadAsync(string queue, CancellationToken ct);
}
