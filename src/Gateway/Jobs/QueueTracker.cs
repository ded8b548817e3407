namespace Cartoon.Gateway.Jobs;

/// <summary>Where a job stands in line, in THIS gateway's view (docs/api.md, "Queue position").</summary>
public sealed record QueueEstimate(int ItemsAhead, int ItemsRemaining, double? EstimatedWaitSeconds);

/// <summary>
/// Counts the unfinished items of the jobs this gateway knows, ordered by submit time, and keeps a moving average
/// of per-item processing time from ItemCompleted events. It does not ask the broker: other gateways' jobs and
/// jobs not loaded since a restart are not counted, and tiers are not told apart, so the figure is an estimate.
/// </summary>
public sealed class QueueTracker
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<(DateTimeOffset SubmittedAt, Guid JobId), int> _pending = new();
    private readonly Dictionary<Guid, DateTimeOffset> _submitted = new();
    private readonly Dictionary<Guid, Dictionary<string, int>> _jobTiers = new();
    private readonly Dictionary<string, int> _tierTotals = new(StringComparer.Ordinal);
    private double? _itemMs;
    private int _pendingItems;
    private (DateTimeOffset SubmittedAt, Guid JobId)? _newest;

    public void Observe(JobSnapshot job)
    {
        var remaining = job.IsTerminal ? 0 : job.Manifest.Items.Count(i => !job.Item(i.Index).IsTerminal);
        var key = (job.Manifest.SubmittedAt, job.JobId);
        var tiers = job.IsTerminal ? new Dictionary<string, int>() : job.Manifest.Items.Where(i => !job.Item(i.Index).IsTerminal)
            .GroupBy(i => i.Tier).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        lock (_lock)
        {
            SetTiers(job.JobId, tiers);
            if (_pending.Remove(key, out var before))
                _pendingItems -= before;
            if (remaining == 0)
            {
                _submitted.Remove(job.JobId);
                if (_newest == key)
                    _newest = null; // found again (one walk) when next asked
            }
            else
            {
                _pending[key] = remaining;
                // Unknown stays unknown (found again when next asked) unless this is the only job.
                if (_newest is { } newest ? _pending.Comparer.Compare(key, newest) > 0 : _pending.Count == 1)
                    _newest = key;
                _pendingItems += remaining;
                _submitted[job.JobId] = job.Manifest.SubmittedAt;
            }
        }
    }

    /// <summary>
    /// Unfinished items in a tier over the jobs this gateway knows. In embedded mode this gateway is the only producer
    /// and its worker the only consumer, so it is the tier's backlog (items go from queued straight to an outcome).
    /// </summary>
    public int Unfinished(string tier)
    {
        lock (_lock)
            return _tierTotals.GetValueOrDefault(tier);
    }

    private void SetTiers(Guid jobId, Dictionary<string, int> tiers)
    {
        if (_jobTiers.Remove(jobId, out var previous))
        {
            foreach (var (tier, count) in previous)
                _tierTotals[tier] -= count;
        }
        foreach (var (tier, count) in tiers)
            _tierTotals[tier] = _tierTotals.GetValueOrDefault(tier) + count;
        if (tiers.Count > 0)
            _jobTiers[jobId] = tiers;
    }

    /// <summary>Exponential moving average (α = 0.2) of the per-item time the workers report.</summary>
    public void RecordItemTime(double milliseconds)
    {
        if (milliseconds <= 0 || double.IsNaN(milliseconds))
            return;
        lock (_lock)
            _itemMs = _itemMs is { } m ? m + 0.2 * (milliseconds - m) : milliseconds;
    }

    public QueueEstimate? Estimate(Guid jobId)
    {
        lock (_lock)
        {
            if (!_submitted.TryGetValue(jobId, out var submittedAt))
                return null;
            var own = _pending[(submittedAt, jobId)];
            // The newest job (every submit's own answer) has everything else ahead of it: no walk over the backlog,
            // which made each submit O(jobs queued) under a long backlog (docs/benchmarks.md, ingest profile).
            int ahead;
            _newest ??= _pending.Count > 0 ? _pending.Keys.Last() : null;
            if (_newest == (submittedAt, jobId))
            {
                ahead = _pendingItems - own;
            }
            else
            {
                ahead = 0;
                foreach (var (key, count) in _pending)
                {
                    if (key.JobId == jobId)
                        break;
                    ahead += count;
                }
            }
            double? wait = _itemMs is { } ms ? Math.Round((ahead + own) * ms / 1000.0, 1) : null;
            return new QueueEstimate(ahead, own, wait);
        }
    }
}
