using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Idempotency;

public enum IdempotencyDecision
{
    /// <summary>New key: run the request, then <see cref="IdempotencyLease.CompleteAsync"/> or <see cref="IdempotencyLease.AbandonAsync"/>.</summary>
    Proceed,

    /// <summary>Same key, same request, done before: send <see cref="IdempotencyOutcome.Replay"/>.</summary>
    Replay,

    /// <summary>Same key, different request: 422.</summary>
    Mismatch,

    /// <summary>Same key, the first request still running: 409.</summary>
    InFlight,
}

public sealed record IdempotencyOutcome(IdempotencyDecision Decision, StoredResponse? Replay = null, IdempotencyLease? Lease = null);

/// <summary>
/// Stripe-style Idempotency-Key on a unique (tenant, key) row: the first request to insert it proceeds; any other, on
/// any replica, finds the row and is answered from it (replay once completed, 409 while in flight, 422 for a different
/// request). The database's unique key is the compare-and-swap, so two replicas racing on one key make one job.
/// A claim left in flight by a crashed request is taken over after Idempotency:InFlightTimeout; rows older than
/// Idempotency:Retention are forgotten.
/// </summary>
public sealed class IdempotencyService(CartoonDb db, TimeProvider clock, IOptions<IdempotencyOptions> options)
{
    public const int MaxKeyLength = 255;
    public const string InFlight = "in_flight";
    public const string Completed = "completed";

    public async Task<IdempotencyOutcome> BeginAsync(string tenantId, string key, string fingerprint, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            await using var ctx = db.Create();
            ctx.IdempotencyKeys.Add(new IdempotencyKeyRow { TenantId = tenantId, Key = key, Fingerprint = fingerprint, State = InFlight, CreatedAt = now });
            try
            {
                await ctx.SaveChangesAsync(ct);
                return Proceed(tenantId, key, now);
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex) && attempt < 2)
            {
            }

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
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.CreatedAt, now), ct);
            return taken == 1 ? Proceed(tenantId, key, now) : new IdempotencyOutcome(IdempotencyDecision.InFlight);
        }
    }

    internal async Task CompleteAsync(string tenantId, string key, DateTimeOffset claimedAt, StoredResponse response)
    {
        // Not the request's token: the job exists now, its response must be kept even if the client went away.
        await using var ctx = db.Create();
        await ctx.IdempotencyKeys.Where(k => k.TenantId == tenantId && k.Key == key && k.CreatedAt == claimedAt)
            .ExecuteUpdateAsync(s => s
                .SetProperty(k => k.State, Completed)
                .SetProperty(k => k.ResponseStatus, response.Status)
                .SetProperty(k => k.ResponseContentType, response.ContentType)
                .SetProperty(k => k.ResponseBody, response.Body)
                .SetProperty(k => k.ResponseLocation, response.Location), CancellationToken.None);
    }

    internal async Task AbandonAsync(string tenantId, string key, DateTimeOffset claimedAt)
    {
        await using var ctx = db.Create();
        await ctx.IdempotencyKeys.Where(k => k.TenantId == tenantId && k.Key == key && k.State == InFlight && k.CreatedAt == claimedAt)
            .ExecuteDeleteAsync(CancellationToken.None);
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

/// <summary>The claim on a key while its request runs. Exactly one of Complete or Abandon must be called.</summary>
public sealed class IdempotencyLease(IdempotencyService service, string tenantId, string key, DateTimeOffset claimedAt)
{
    /// <summary>Stores the response for replay (only accepted submits are stored: a rejected one holds no job to protect).</summary>
    public Task CompleteAsync(StoredResponse response) => service.CompleteAsync(tenantId, key, claimedAt, response);

    /// <summary>Forgets the key, so a retry with it runs again (validation errors, 503s).</summary>
    public Task AbandonAsync() => service.AbandonAsync(tenantId, key, claimedAt);
}
