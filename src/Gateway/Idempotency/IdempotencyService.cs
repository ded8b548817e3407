using Cartoon.Database;
using Cartoon.Gateway.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Idempotency;

/// <summary>
/// Stripe-style Idempotency-Key on a unique (tenant, key) row: the first request to insert it proceeds; any other, on
/// any replica, finds the row and is answered from it (replay once completed, 409 while in flight, 422 for a different
/// request). The database's unique key is the compare-and-swap, so two replicas racing on one key make one job.
/// A claim left in flight by a crashed request is taken over after Idempotency:InFlightTimeout; rows older than
/// Idempotency:Retention are forgotten.
/// </summary>
public sealed class IdempotencyService(CartoonDb db, TimeProvider clock, IOptions<IdempotencyOptions> options, ILogger<IdempotencyService> logger)
{
    /// <summary>Pauses between tries of a claim's release or completion while the database is away (about 2 min in all).</summary>
    private static readonly TimeSpan[] SettleRetries = [.. new[] { 0.5, 1, 2, 4, 8, 15, 30, 30, 30 }.Select(TimeSpan.FromSeconds)];

    public const int MaxKeyLength = 255;
    public const string InFlight = "in_flight";
    public const string Completed = "completed";

    public async Task<IdempotencyOutcome> BeginAsync(string tenantId, string key, string fingerprint, CancellationToken ct)
    {
        // A few rounds at most: each ends in an answer unless the row changed between the insert and the read.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // Microsecond precision: PostgreSQL keeps no more, and the claim's time is compared as its token later.
            var now = clock.GetUtcNow();
            now = now.AddTicks(-(now.UtcTicks % 10));
            if (await TryInsertAsync(tenantId, key, fingerprint, now, ct))
                return Proceed(tenantId, key, now);

            await using var read = db.Create();
            var row = await read.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.TenantId == tenantId && k.Key == key, ct);
            if (row is null)
                continue; // released between our insert and this read: try again
            if (now - row.CreatedAt > options.Value.Retention)
            {
                // Expired: forget it (only that very row, not one another request just made) and claim afresh.
                await read.IdempotencyKeys.Where(k => k.TenantId == tenantId && k.Key == key && k.CreatedAt == row.CreatedAt).ExecuteDeleteAsync(ct);
                continue;
            }
            if (row is { State: Completed, ResponseStatus: { } status })
                return row.Fingerprint == fingerprint
                    ? new IdempotencyOutcome(IdempotencyDecision.Replay,
                        new StoredResponse(status, row.ResponseContentType ?? "application/json", row.ResponseBody ?? "", row.ResponseLocation))
                    : new IdempotencyOutcome(IdempotencyDecision.Mismatch);
            if (now - row.CreatedAt < options.Value.InFlightTimeout)
                return new IdempotencyOutcome(IdempotencyDecision.InFlight);
            // While the first request runs, any request with its key waits (409), whatever it carries; once it died
            // mid-way, the one that moves the stale claim to itself goes ahead.
            var taken = await read.IdempotencyKeys
                .Where(k => k.TenantId == tenantId && k.Key == key && k.State == InFlight && k.CreatedAt == row.CreatedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.CreatedAt, now).SetProperty(k => k.Fingerprint, fingerprint), ct);
            return taken == 1 ? Proceed(tenantId, key, now) : new IdempotencyOutcome(IdempotencyDecision.InFlight);
        }
        return new IdempotencyOutcome(IdempotencyDecision.InFlight);
    }

    /// <summary>
    /// The claim: an insert that does nothing when the (tenant, key) row exists — the database's unique key decides
    /// which of any number of concurrent requests, on any replica, gets it (and a lost race is not an error to log).
    /// </summary>
    private async Task<bool> TryInsertAsync(string tenantId, string key, string fingerprint, DateTimeOffset now, CancellationToken ct)
    {
        await using var ctx = db.Create();
        // SQLite keeps times as UTC ticks (SqliteCartoonDbContext); raw SQL bypasses that conversion, so it is applied here.
        object createdAt = db.IsPostgres ? now : now.UtcTicks;
        return await ctx.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_keys (tenant_id, key, fingerprint, state, created_at)
            VALUES ({tenantId}, {key}, {fingerprint}, {InFlight}, {createdAt})
            ON CONFLICT DO NOTHING
            """, ct) == 1;
    }

    /// <summary>
    /// Stores the accepted response for replay. The job exists by now, so this never fails the request: if the database
    /// is away, the write is retried in the background and until it lands a retry of the key gets 409, never a second job.
    /// </summary>
    internal Task CompleteAsync(string tenantId, string key, DateTimeOffset claimedAt, StoredResponse response) =>
        SettleAsync("complete", tenantId, key, async () =>
        {
            await using var ctx = db.Create();
            await ctx.IdempotencyKeys.Where(k => k.TenantId == tenantId && k.Key == key && k.CreatedAt == claimedAt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(k => k.State, Completed)
                    .SetProperty(k => k.ResponseStatus, response.Status)
                    .SetProperty(k => k.ResponseContentType, response.ContentType)
                    .SetProperty(k => k.ResponseBody, response.Body)
                    .SetProperty(k => k.ResponseLocation, response.Location), CancellationToken.None);
        });

    /// <summary>
    /// Releases the claim of a request that made no job. Usually the database failed the request itself (503), so the
    /// release is retried in the background until it is back: the client's retry with the key then runs, instead of
    /// meeting 409 until Idempotency:InFlightTimeout.
    /// </summary>
    internal Task AbandonAsync(string tenantId, string key, DateTimeOffset claimedAt) =>
        SettleAsync("release", tenantId, key, async () =>
        {
            await using var ctx = db.Create();
            await ctx.IdempotencyKeys.Where(k => k.TenantId == tenantId && k.Key == key && k.State == InFlight && k.CreatedAt == claimedAt)
                .ExecuteDeleteAsync(CancellationToken.None);
        });

    private async Task SettleAsync(string what, string tenantId, string key, Func<Task> write)
    {
        try
        {
            await write();
            return;
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
        {
            logger.LogWarning("Idempotency key {Key} of tenant {Tenant}: {What} deferred, the database is unavailable ({Error})", key, tenantId, what, ex.Message);
        }
        // Process-local on purpose: if this replica dies meanwhile, Idempotency:InFlightTimeout frees the claim instead.
        _ = Task.Run(async () =>
        {
            foreach (var pause in SettleRetries)
            {
                await Task.Delay(pause, clock);
                try
                {
                    await write();
                    logger.LogInformation("Idempotency key {Key} of tenant {Tenant}: deferred {What} done", key, tenantId, what);
                    return;
                }
                catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
                {
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Idempotency key {Key} of tenant {Tenant}: deferred {What} failed", key, tenantId, what);
                    return;
                }
            }
            logger.LogError("Idempotency key {Key} of tenant {Tenant}: {What} not done, the database stayed away; the claim frees itself after Idempotency:InFlightTimeout",
                key, tenantId, what);
        });
    }

    /// <summary>Deletes keys past the retention; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Retention;
        await using var ctx = db.Create();
        return await ctx.IdempotencyKeys.Where(k => k.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    private IdempotencyOutcome Proceed(string tenantId, string key, DateTimeOffset claimedAt) =>
        new(IdempotencyDecision.Proceed, Lease: new IdempotencyLease(this, tenantId, key, claimedAt));
}

