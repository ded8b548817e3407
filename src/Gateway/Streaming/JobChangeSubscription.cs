using System.Threading.Channels;

namespace Cartoon.Gateway.Streaming;

/// <summary>One stream's interest in one job: signals coalesce (one pending at most), disposing unsubscribes.</summary>
public sealed class JobChangeSubscription : IDisposable
{
    private readonly JobChangeFeed _feed;
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    internal JobChangeSubscription(JobChangeFeed feed, Guid jobId)
    {
        _feed = feed;
        JobId = jobId;
    }

    public Guid JobId { get; }

    internal void Signal() => _signals.Writer.TryWrite(true);

    /// <summary>True when the job changed (since the last wait), false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (_signals.Reader.TryRead(out _))
            return true;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            await _signals.Reader.ReadAsync(timer.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _feed.Remove(this);
}
