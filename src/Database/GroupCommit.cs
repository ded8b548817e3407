using System.Threading.Channels;

namespace Cartoon.Database;

/// <summary>
/// Group commit: each caller hands in one item and waits for it to be written; a single writer takes everything queued
/// meanwhile (up to <c>maxGroup</c>) and writes it with one statement. An idle process writes each item at once; a busy
/// one pays a round trip per group instead of one per item. The caller's guarantee is unchanged: its await returns
/// once its item is committed, and sees the write's failure if it failed.
/// </summary>
/// <typeparam name="TItem">What one caller writes.</typeparam>
/// <typeparam name="TResult">What the write tells that caller (e.g. whether its row was still its own to update).</typeparam>
public sealed class GroupCommit<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> _write;
    private readonly int _maxGroup;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <param name="write">Writes a group and returns one result per item, in order.</param>
    /// <param name="maxGroup">Most items written together.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, int maxGroup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        _write = write;
        _maxGroup = maxGroup;
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task<TResult> WriteAsync(TItem item, CancellationToken ct)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(GroupCommit<TItem, TResult>));
        return pending.Done.Task.WaitAsync(ct);
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<Pending>(_maxGroup);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < _maxGroup && _queue.Reader.TryRead(out var next))
                group.Add(next);
            try
            {
                var results = await _write(group.Select(p => p.Item).ToList()).ConfigureAwait(false);
                if (results.Count != group.Count)
                    throw new InvalidOperationException($"A group write returned {results.Count} results for {group.Count} items.");
                for (var i = 0; i < group.Count; i++)
                    group[i].Done.TrySetResult(results[i]);
            }
            catch (Exception ex)
            {
                foreach (var p in group)
                    p.Done.TrySetException(ex);
            }
        }
    }

    /// <summary>Writes what is queued, then stops taking items.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Done);
}
