using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Storage;
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
/// Stripe-style Idempotency-Key: the first response is stored in the blob store (so it survives restarts) and
/// replayed for 24 h; a different request under the same key is refused; a concurrent one gets 409. A process-local
/// set makes "concurrent" exact within one gateway; across replicas the in-flight record narrows the window (the
/// store has no compare-and-swap, so two replicas racing within milliseconds could both proceed).
/// </summary>
public sealed class IdempotencyService(IBlobStore store, TimeProvider clock, IOptions<IdempotencyOptions> options)
{
    public const int MaxKeyLength = 255;
    private readonly ConcurrentDictionary<string, byte> _local = new();

    public static string KeyHash(string tenantId, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}\n{key}")));

    public async Task<IdempotencyOutcome> BeginAsync(string tenantId, string key, string fingerprint, CancellationToken ct)
    {
        var hash = KeyHash(tenantId, key);
        if (!_local.TryAdd(hash, 0))
            return new IdempotencyOutcome(IdempotencyDecision.InFlight);
        try
        {
            var now = clock.GetUtcNow();
            var objectKey = GatewayObjectKeys.Idempotency(hash);
            var record = await store.GetAsync<IdempotencyRecord>(objectKey, ct);
            if (record is not null && now - record.CreatedAt > options.Value.Retention)
                record = null;
            if (record is { State: IdempotencyRecord.Completed, Response: { } response })
            {
                _local.TryRemove(hash, out _);
                return record.Fingerprint == fingerprint
                    ? new IdempotencyOutcome(IdempotencyDecision.Replay, response)
                    : new IdempotencyOutcome(IdempotencyDecision.Mismatch);
            }
            if (record is { State: IdempotencyRecord.InFlight } && now - record.CreatedAt < options.Value.InFlightTimeout)
            {
                _local.TryRemove(hash, out _);
                return record.Fingerprint == fingerprint
                    ? new IdempotencyOutcome(IdempotencyDecision.InFlight)
                    : new IdempotencyOutcome(IdempotencyDecision.Mismatch);
            }
            var claim = new IdempotencyRecord { State = IdempotencyRecord.InFlight, Fingerprint = fingerprint, CreatedAt = now };
            await store.PutJsonAsync(objectKey, claim, ct);
            return new IdempotencyOutcome(IdempotencyDecision.Proceed, Lease: new IdempotencyLease(this, hash, claim));
        }
        catch
        {
            _local.TryRemove(hash, out _);
            throw;
        }
    }

    internal async Task CompleteAsync(string hash, IdempotencyRecord claim, StoredResponse response)
    {
        try
        {
            // Not the request's token: the job exists now, its response must be kept even if the client went away.
            await store.PutJsonAsync(GatewayObjectKeys.Idempotency(hash),
                claim with { State = IdempotencyRecord.Completed, Response = response }, CancellationToken.None);
        }
        finally
        {
            _local.TryRemove(hash, out _);
        }
    }

    internal async Task AbandonAsync(string hash)
    {
        try
        {
            await store.DeleteAsync(GatewayObjectKeys.Idempotency(hash), CancellationToken.None);
        }
        finally
        {
            _local.TryRemove(hash, out _);
        }
    }

    /// <summary>Deletes records past the retention; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Retention;
        var expired = new List<string>();
        await foreach (var item in store.ListAsync(GatewayObjectKeys.IdempotencyPrefix, ct))
        {
            if (item.LastModified < cutoff)
                expired.Add(item.Key);
        }
        foreach (var key in expired)
            await store.DeleteAsync(key, ct);
        return expired.Count;
    }
}

/// <summary>The claim on a key while its request runs. Exactly one of Complete or Abandon must be called.</summary>
public sealed class IdempotencyLease(IdempotencyService service, string hash, IdempotencyRecord claim)
{
    /// <summary>Stores the response for replay (only accepted submits are stored: a rejected one holds no job to protect).</summary>
    public Task CompleteAsync(StoredResponse response) => service.CompleteAsync(hash, claim, response);

    /// <summary>Forgets the key, so a retry with it runs again (validation errors, 503s).</summary>
    public Task AbandonAsync() => service.AbandonAsync(hash);
}
