namespace Cartoon.Gateway.Jobs;

public sealed record WebhookSubscription(string Url, IReadOnlyList<string> Events);
