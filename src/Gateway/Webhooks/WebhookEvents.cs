namespace Cartoon.Gateway.Webhooks;

/// <summary>Webhook event names, also the values of the submit field "webhookEvents".</summary>
public static class WebhookEvents
{
    public const string Completed = "completed";
    public const string ItemCompleted = "item.completed";
    public const string ItemFailed = "item.failed";

    /// <summary>An item left the queue: a worker took it (its first stage).</summary>
    public const string ItemStarted = "item.started";

    public static readonly IReadOnlyList<string> All = [Completed, ItemCompleted, ItemFailed, ItemStarted];
    public static readonly IReadOnlyList<string> Default = [Completed];
}
