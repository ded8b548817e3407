namespace Cartoon.Gateway.Idempotency;

/// <summary>The claim on a key while its request runs. Exactly one of Complete or Abandon must be called.</summary>
public sealed class IdempotencyLease(IdempotencyService service, string tenantId, string key, DateTimeOffset claimedAt)
{
    /// <summary>Stores the response for replay (only accepted submits are stored: a rejected one holds no job to protect).</summary>
    public Task CompleteAsync(StoredResponse response) => service.CompleteAsync(tenantId, key, claimedAt, response);

    /// <summary>Forgets the key, so a retry with it runs again (validation errors, 503s).</summary>
    public Task AbandonAsync() => service.AbandonAsync(tenantId, key, claimedAt);
}
