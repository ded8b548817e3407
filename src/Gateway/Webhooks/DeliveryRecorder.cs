using Cartoon.Database;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Webhooks;

/// <summary>
/// Writes the outcome of webhook attempts and releases their leases, as a <see cref="GroupCommit{TItem,TResult}"/>:
/// attempts that finish while a write is in flight are written together by the next one (one statement on PostgreSQL),
/// so a busy replica pays one round trip per group of deliveries instead of one per delivery. A record is written only
/// while its delivery's lease is still the caller's (another replica may have taken over).
/// </summary>
public sealed class DeliveryRecorder : IAsyncDisposable
{
    /// <summary>Most outcomes written by one statement.</summary>
    public const int MaxGroup = 128;

    private readonly CartoonDb _db;
    private readonly GroupCommit<DeliveryRecord, bool> _commits;

    public DeliveryRecorder(CartoonDb db)
    {
        _db = db;
        _commits = new GroupCommit<DeliveryRecord, bool>(WriteAsync, MaxGroup);
    }

    /// <summary>Writes <paramref name="record"/>; true when it was, false when the lease was no longer <c>record.LeaseOwner</c>'s.</summary>
    public Task<bool> RecordAsync(DeliveryRecord record, CancellationToken ct) => _commits.WriteAsync(record, ct);

    private async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<DeliveryRecord> records)
    {
        await using var ctx = _db.Create();
        if (_db.IsPostgres)
        {
            var ids = records.Select(r => r.Id).ToArray();
            var owners = records.Select(r => r.LeaseOwner).ToArray();
            var statuses = records.Select(r => r.Status).ToArray();
            var attempts = records.Select(r => r.Attempts).ToArray();
            var next = records.Select(r => r.NextAttemptAt).ToArray();
            var saved = (await ctx.Database.SqlQuery<string>($"""
                UPDATE webhook_deliveries AS d
                SET status = v.status, attempts = v.attempts, next_attempt_at = v.next_attempt_at, lease_owner = NULL, lease_until = NULL
                FROM unnest({ids}::text[], {owners}::text[], {statuses}::text[], {attempts}::text[], {next}::timestamptz[])
                    AS v(id, owner, status, attempts, next_attempt_at)
                WHERE d.id = v.id AND d.lease_owner = v.owner
                RETURNING d.id AS "Value"
                """).ToListAsync()).ToHashSet(StringComparer.Ordinal);
            return [.. records.Select(r => saved.Contains(r.Id))];
        }
        // SQLite: one process, one writer; one transaction for the group.
        var written = new List<bool>(records.Count);
        await using var tx = await ctx.Database.BeginTransactionAsync();
        foreach (var r in records)
            written.Add(await ctx.WebhookDeliveries.Where(d => d.Id == r.Id && d.LeaseOwner == r.LeaseOwner).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, r.Status)
                .SetProperty(d => d.Attempts, r.Attempts)
                .SetProperty(d => d.NextAttemptAt, r.NextAttemptAt)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)) == 1);
        await tx.CommitAsync();
        return written;
    }

    public ValueTask DisposeAsync() => _commits.DisposeAsync();
}
