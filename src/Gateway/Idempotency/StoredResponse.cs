namespace Cartoon.Gateway.Idempotency;

/// <summary>A response exactly as first sent: replays return the same status, body and Location.</summary>
public sealed record StoredResponse(int Status, string ContentType, string Body, string? Location);
