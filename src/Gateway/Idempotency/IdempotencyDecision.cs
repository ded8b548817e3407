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
