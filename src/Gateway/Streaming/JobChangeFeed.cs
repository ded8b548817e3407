namespace Cartoon.Gateway.Streaming;

/// <summary>
/// This process's fan-out of "job X changed" to the event streams open on it. Fed by the database's change
/// notifications (<see cref="PostgresJobChangeListener"/>: every replica hears every commit) or, on SQLite (one process),
/// by the writers themselves after they commit (<see cref="JobChangeNotifier"/>). A signal carries no state: a stream
/// that hears one re-reads its job, so signals may be merged, repeated or spurious without harm.
/// </summary>
public sealed class JobChangeFeed
{
    private readonly Dictionary<Guid, List<JobChangeSubscription>> _subscriptions = [];

    /// <summary>Signals for <paramref name="jobId"/> from now on (subscribe before the first read, so no change falls between).</summary>
    public JobChangeSubscription Subscribe(Guid jobId)
    {
        var subscription = new JobChangeSubscription(this, jobId);
        lock (_subscriptions)
        {
            if (!_subscriptions.TryGetValue(jobId, out var list))
                _subscriptions[jobId] = list = [];
            list.Add(subscription);
        }
        return subscription;
    }

    public int Subscribers
    {
        get
        {
            lock (_subscriptions)
                return _subscriptions.Values.Sum(l => l.Count);
        }
    }

    public void Publish(Guid jobId)
    {
        lock (_subscriptions)
        {
            if (_subscriptions.TryGetValue(jobId, out var list))
                foreach (var subscription in list)
                    subscription.Signal();
        }
    }

    /// <summary>Every stream re-reads: changes may have been missed (the notification connection was lost).</summary>
    public void PublishAll()
    {
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions.Values.SelectMany(l => l))
                subscription.Signal();
        }
    }

    internal void Remove(JobChangeSubscription subscription)
    {
        lock (_subscriptions)
        {
            if (_subscriptions.TryGetValue(subscription.JobId, out var list) && list.Remove(subscription) && list.Count == 0)
                _subscriptions.Remove(subscription.JobId);
        }
    }
}
