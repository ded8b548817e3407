using Cartoon.Storage;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// Objects only the gateway reads and writes, beside the shared <see cref="JobObjectKeys"/> layout. Job-scoped ones
/// live under the job prefix so retention removes them with the job.
/// </summary>
public static class GatewayObjectKeys
{
    /// <summary>Job-level state the gateway owns: cancel time, completion published, webhook disabled.</summary>
    public static string JobState(Guid jobId) => $"{JobObjectKeys.JobPrefix(jobId)}gateway/state.json";

    public static string WebhookDeliveriesPrefix(Guid jobId) => $"{JobObjectKeys.JobPrefix(jobId)}gateway/webhooks/";

    public static string WebhookDelivery(Guid jobId, string deliveryId) => $"{WebhookDeliveriesPrefix(jobId)}{deliveryId}.json";

    public const string PendingWebhooksPrefix = "webhooks/pending/";

    /// <summary>The sweep index: one small object per delivery still to attempt, outside any job so one listing finds them all.</summary>
    public static string PendingWebhook(string deliveryId) => $"{PendingWebhooksPrefix}{deliveryId}.json";

    public const string IdempotencyPrefix = "idempotency/";

    public static string Idempotency(string keyHash) => $"{IdempotencyPrefix}{keyHash}.json";
}
