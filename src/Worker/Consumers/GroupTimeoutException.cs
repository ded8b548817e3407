namespace Cartoon.Worker.Consumers;

/// <summary>
/// A group outlived its consume timeout (Worker:ConsumeTimeout or the computed one). Transient: what makes a group
/// late is the worker (a cold shape's first pass, a busy device), not its items, and the next attempt runs warmer, so
/// the group runs again at Worker:RetryIntervals; only once they are spent do its messages go to the tier's _error queue
/// with a Fault&lt;CartoonizeItem&gt; each.
/// </summary>
public sealed class GroupTimeoutException(TimeSpan timeout, int groupSize)
    : Exception($"A group of {groupSize} did not finish within its consume timeout of {timeout.TotalSeconds:F1} s.")
{
    public TimeSpan Timeout { get; } = timeout;

    public int GroupSize { get; } = groupSize;
}
