using System.Text.Json;
using Cartoon.Database;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Jobs;

namespace Cartoon.Gateway.Webhooks;

/// <summary>
/// Creates deliveries inside the caller's transaction (the state change and its webhook commit together); the
/// dispatcher on any replica sends them after.
/// </summary>
public sealed class WebhookOutbox(TimeProvider clock)
{
    /// <summary>
    /// Adds the delivery of <paramref name="eventType"/> unless the job does not subscribe to it. Called only by the one
    /// transaction that made the event happen (an item's first outcome, a job's completion), so an event never makes
    /// two deliveries; its id derives from the event's stable id.
    /// </summary>
    public bool Enqueue(CartoonDbContext ctx, JobSnapshot job, string eventType, Guid eventId, object data)
    {
        var hook = job.Manifest.Webhook;
        if (hook is null || job.WebhookDisabled || !hook.Events.Contains(eventType))
            return false;
        var now = clock.GetUtcNow();
        ctx.WebhookDeliveries.Add(new WebhookDeliveryRow
        {
            Id = DeliveryId(eventId),
            JobId = job.JobId,
            TenantId = job.Manifest.TenantId,
            Event = eventType,
            Url = hook.Url,
            Payload = JsonSerializer.Serialize(new WebhookPayload(eventType, now, data), ApiJson.Options),
            Status = DeliveryStatuses.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        return true;
    }

    /// <summary>The Standard Webhooks message id: "msg_" + the event's stable id.</summary>
    public static string DeliveryId(Guid eventId) => $"msg_{eventId:N}";

    private sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, object Data);
}
