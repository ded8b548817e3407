using System.Text.Json;
using Cartoon.Gateway.Jobs;
using Cartoon.Storage;

namespace Cartoon.Gateway.Webhooks;

/// <summary>
/// Creates deliveries: persisted first (the job's delivery record, then the pending pointer the sweeper lists), sent
/// after, so an event accepted before a crash is still delivered after the restart.
/// </summary>
public sealed class WebhookOutbox(IBlobStore store, JobStore jobs, WebhookSignal signal, TimeProvider clock)
{
    /// <summary>Call under the job's lock. Idempotent on <paramref name="eventId"/>: the same event never makes two deliveries.</summary>
    public async Task<JobSnapshot> EnqueueAsync(JobSnapshot job, string eventType, Guid eventId, object data, CancellationToken ct)
    {
        var hook = job.Manifest.Webhook;
        if (hook is null || job.WebhookDisabled || !hook.Events.Contains(eventType))
            return job;
        var id = DeliveryId(eventId);
        if (job.Webhooks.Any(w => w.Id == id) || await store.ExistsAsync(GatewayObjectKeys.WebhookDelivery(job.JobId, id), ct))
            return job;

        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new WebhookPayload(eventType, now, data), ApiJson.Options);
        var delivery = new WebhookDelivery
        {
            Id = id,
            JobId = job.JobId,
            Event = eventType,
            Url = hook.Url,
            Payload = payload,
            Status = DeliveryStatuses.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        await jobs.SaveWebhookAsync(delivery, ct);
        await store.PutJsonAsync(GatewayObjectKeys.PendingWebhook(id), new PendingWebhook(id, job.JobId, now), ct);
        signal.Notify();
        return job.WithWebhook(delivery);
    }

    /// <summary>The Standard Webhooks message id: "msg_" + the event's stable id.</summary>
    public static string DeliveryId(Guid eventId) => $"msg_{eventId:N}";

    private sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, object Data);
}
