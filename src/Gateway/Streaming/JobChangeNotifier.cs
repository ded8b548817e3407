using Cartoon.Database;
using Microsoft.EntityFrameworkCore;

namespace Cartoon.Gateway.Streaming;

/// <summary>
/// Announces that jobs changed, to the event streams of every replica. On PostgreSQL a <c>pg_notify</c> inside the
/// writer's transaction, which the database delivers to every listening replica when (and only if) it commits; on
/// SQLite, whose only process is this one, the feed is told after the commit.
/// </summary>
public sealed class JobChangeNotifier(CartoonDb db, JobChangeFeed feed)
{
    /// <summary>The PostgreSQL notification channel; the payload is comma-separated job ids ("N" format).</summary>
    public const string Channel = "cartoon_job_changes";

    // PostgreSQL caps a payload below 8000 bytes: 200 ids of 33 characters fit with room to spare.
    private const int IdsPerNotification = 200;

    /// <summary>Call inside the transaction that changed the jobs (PostgreSQL).</summary>
    public async Task InTransactionAsync(CartoonDbContext ctx, IReadOnlyCollection<Guid> jobIds, CancellationToken ct)
    {
        if (!db.IsPostgres || jobIds.Count == 0)
            return;
        foreach (var chunk in jobIds.Chunk(IdsPerNotification))
        {
            var payload = string.Join(',', chunk.Select(id => id.ToString("N")));
            await ctx.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", ct);
        }
    }

    /// <summary>Call after the transaction committed (SQLite).</summary>
    public void Committed(IEnumerable<Guid> jobIds)
    {
        if (db.IsPostgres)
            return;
        foreach (var id in jobIds)
            feed.Publish(id);
    }

    /// <summary>Job ids of a notification payload; malformed entries are skipped.</summary>
    public static IEnumerable<Guid> ParsePayload(string payload)
    {
        foreach (var part in payload.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Guid.TryParseExact(part, "N", out var id))
                yield return id;
        }
    }
}
