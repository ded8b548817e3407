namespace Cartoon.Gateway.Idempotency;

/// <summary>GatewayObjectKeys.Idempotency: a claimed key and, once done, the response to replay.</summary>
public sealed record IdempotencyRecord
{
    public const string InFlight = "in_flight";
    public const string Completed = "completed";

    public required string State { get; init; }

    /// <summary>SHA-256 of the request's parameters and image bytes (<see cref="RequestFingerprint"/>).</summary>
    public required string Fingerprint { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public StoredResponse? Response { get; init; }
}

/// <summary>A response exactly as first sent: replays return the same status, body and Location.</summary>
public sealed record StoredResponse(int Status, string ContentType, string Body, string? Location);
