namespace Cartoon.Gateway.Idempotency;

public sealed record IdempotencyOutcome(IdempotencyDecision Decision, StoredResponse? Replay = null, IdempotencyLease? Lease = null);
