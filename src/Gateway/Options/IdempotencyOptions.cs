namespace Cartoon.Gateway.Options;

/// <summary>Idempotency-Key handling (Stripe semantics). Section "Idempotency".</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key and its stored response are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An in-flight claim older than this is considered abandoned (its gateway died mid-request).</summary>
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often expired keys are deleted from the store.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
