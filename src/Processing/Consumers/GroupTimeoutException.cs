namespace Cartoon.Processing.Consumers;

/// <summary>
/// A group outlived its consume timeout (Worker:ConsumeTimeout or the computed one). Not transient: the messages of
/// the group go to the tier's _error queue and a Fault&lt;CartoonizeItem&gt; is published for each.
/// </summary>
public sealed class GroupTimeoutException(TimeSpan timeout, int groupSize)
    : Exception($"A group of {groupSize} did not finish within its consume timeout of {timeout.TotalSeconds:F1} s.")
{
    public TimeSpan Timeout { get; } = timeout;

    public int GroupSize { get; } = groupSize;
}
