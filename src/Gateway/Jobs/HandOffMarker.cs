using Cartoon.Database;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// Marks jobs as handed to the broker (their commands sent), the last write of a submit; the retention sweeper aborts
/// a job left unmarked past Gateway:HandOffTimeout. Concurrent submits are marked together
/// (<see cref="GroupCommit{TItem,TResult}"/>: one UPDATE … WHERE id IN (…) per group), and each submit still returns
/// only once its own mark is committed.
/// </summary>
public sealed class HandOffMarker : IAsyncDisposable
{
    /// <summary>Most jobs marked by one statement.</summary>
    public const int MaxGroup = 64;

    private readonly CartoonDb _db;
    private readonly TimeProvider _clock;
    private readonly GroupCommit<Guid, bool> _commits;

    public HandOffMarker(CartoonDb db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
        _commits = new GroupCommit<Guid, bool>(MarkAsync, MaxGroup);
    }

    public Task MarkAsync(Guid jobId, CancellationToken ct) => _commits.WriteAsync(jobId, ct);

    private async Task<IReadOnlyList<bool>> MarkAsync(IReadOnlyList<Guid> jobIds)
    {
        var now = _clock.GetUtcNow();
        var ids = jobIds.ToArray();
        await using var ctx = _db.Create();
        if (_db.IsPostgres)
        {
            // The same UPDATE as the LINQ one below, without EF building its query cache key on every group.
            await PostgresCommand.ExecuteAsync(ctx, "UPDATE jobs SET handed_off_at = $1 WHERE id = ANY($2) AND handed_off_at IS NULL", p =>
            {
                p.AddValue(now);
                p.AddValue(ids);
            }, CancellationToken.None);
        }
        else
            await ctx.Jobs.Where(j => ids.Contains(j.Id) && j.HandedOffAt == null).ExecuteUpdateAsync(s => s.SetProperty(j => j.HandedOffAt, now));
        return [.. jobIds.Select(_ => true)];
    }

    public ValueTask DisposeAsync() => _commits.DisposeAsync();
}
