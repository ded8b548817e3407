namespace Cartoon.Gateway.Webhooks;

public sealed record WebhookAttempt(int Number, DateTimeOffset At, int? StatusCode, string? Error, double DurationMs);
