using System.Text.Json;

namespace Cartoon.Tests.Shared.Webhooks;

/// <summary>One POST /hook as it arrived: the Standard Webhooks headers, the body and the time.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Type => Json.GetProperty("type").GetString();

    /// <summary>The job id in the body: data.id for "completed", data.jobId for the item events.</summary>
    public Guid? JobId
    {
        get
        {
            var data = Json.GetProperty("data");
            if (data.TryGetProperty("jobId", out var jobId))
                return jobId.GetGuid();
            return data.TryGetProperty("id", out var id) ? id.GetGuid() : null;
        }
    }
}
