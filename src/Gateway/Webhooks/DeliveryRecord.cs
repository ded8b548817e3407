namespace Cartoon.Gateway.Webhooks;

/// <summary>An attempt's consequence for its delivery row: new status, the attempts so far (JSON), when the next is due.</summary>
public sealed record DeliveryRecord(string Id, string LeaseOwner, string Status, string Attempts, DateTimeOffset? NextAttemptAt);
