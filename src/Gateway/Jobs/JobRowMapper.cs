using System.Text.Json;
using Cartoon.Database.Rows;
using Cartoon.Gateway.Webhooks;

namespace Cartoon.Gateway.Jobs;

/// <summary>The one place where database rows and the gateway's job records meet, both ways.</summary>
public static class JobRowMapper
{
    public static JobRow ToRow(JobManifest manifest)
    {
        var p = manifest.Parameters;
        return new JobRow
        {
            Id = manifest.JobId,
            TenantId = manifest.TenantId,
            SubmittedAt = manifest.SubmittedAt,
            BaseUrl = manifest.BaseUrl,
            Style = p.Style,
            Strength = p.Strength,
            MaxSide = p.MaxSide,
            Format = p.Format,
            Quality = p.Quality,
            Detail = p.Detail,
            WebhookUrl = manifest.Webhook?.Url,
            WebhookEvents = manifest.Webhook is { } hook ? string.Join(',', hook.Events) : null,
            Rejected = JsonSerializer.Serialize(manifest.Rejected, StoreJson.Options),
            TraceId = manifest.TraceId,
            Status = JobStatuses.Queued,
            Total = manifest.Items.Count,
            Remaining = manifest.Items.Count,
            Items = manifest.Items.Select(i => new JobItemRow
            {
                JobId = manifest.JobId,
                Index = i.Index,
                FileName = i.FileName,
                InputKey = i.InputKey,
                ResultKey = i.ResultKey,
                InputFormat = i.InputFormat,
                Bytes = i.Bytes,
                Width = i.Width,
                Height = i.Height,
                WorkWidth = i.WorkWidth,
                WorkHeight = i.WorkHeight,
                Tier = i.Tier,
                Kind = i.Kind,
                VideoFormat = i.VideoFormat,
                FramesTotal = i.FramesTotal,
                FrameRate = i.FrameRate,
                Status = JobStatuses.Queued,
                UpdatedAt = manifest.SubmittedAt,
            }).ToList(),
        };
    }

    /// <summary>A snapshot of a job row loaded with its items (and, where the caller needs them, its webhook deliveries).</summary>
    public static JobSnapshot ToSnapshot(JobRow row)
    {
        var manifest = new JobManifest
        {
            JobId = row.Id,
            TenantId = row.TenantId,
            SubmittedAt = row.SubmittedAt,
            BaseUrl = row.BaseUrl,
            Parameters = new JobParameters(row.Style, row.Strength, row.MaxSide, row.Format, row.Quality, row.Detail),
            Webhook = row.WebhookUrl is { } url ? new WebhookSubscription(url, (row.WebhookEvents ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)) : null,
            Items = row.Items.OrderBy(i => i.Index).Select(i => new ManifestItem
            {
                Index = i.Index,
                FileName = i.FileName,
                InputKey = i.InputKey,
                ResultKey = i.ResultKey,
                InputFormat = i.InputFormat,
                Bytes = i.Bytes,
                Width = i.Width,
                Height = i.Height,
                WorkWidth = i.WorkWidth,
                WorkHeight = i.WorkHeight,
                Tier = i.Tier,
                Kind = i.Kind,
                VideoFormat = i.VideoFormat,
                FramesTotal = i.FramesTotal,
                FrameRate = i.FrameRate,
            }).ToList(),
            Rejected = JsonSerializer.Deserialize<List<RejectedPart>>(row.Rejected, StoreJson.Options) ?? [],
            TraceId = row.TraceId,
        };
        var state = new JobState
        {
            CanceledAt = row.CanceledAt,
            CompletedAt = row.CompletedAt,
            WebhookDisabledAt = row.WebhookDisabledAt,
            WebhookDisabledReason = row.WebhookDisabledReason,
        };
        // A queued video item is kept too: its frames may be counted before any stage event made it "processing".
        var items = row.Items.Where(i => i.Status != JobStatuses.Queued || i.FramesDone > 0).ToDictionary(i => i.Index, ToRecord);
        var webhooks = row.Webhooks.OrderBy(w => w.CreatedAt).ThenBy(w => w.Id, StringComparer.Ordinal).Select(ToDelivery).ToList();
        return new JobSnapshot(manifest, state, items, webhooks);
    }

    public static ItemRecord ToRecord(JobItemRow i) => new()
    {
        Index = i.Index,
        Status = i.Status,
        Reason = i.Reason,
        Message = i.Message,
        EventId = i.EventId,
        ContentType = i.ContentType,
        Width = i.ResultWidth,
        Height = i.ResultHeight,
        Faces = i.Faces,
        UpscaleFactor = i.UpscaleFactor,
        Warnings = ItemWarningCodes.Split(i.Warnings),
        BatchSize = i.BatchSize,
        Device = i.Device,
        InferenceMs = i.InferenceMs,
        QueueWaitMs = i.QueueWaitMs,
        StartedAt = i.StartedAt,
        CompletedAt = i.CompletedAt,
        UpdatedAt = i.UpdatedAt,
        Stages = ItemStageColumns.Reached(i),
        FramesDone = i.FramesDone,
        FirstFramesAt = i.FirstFramesAt,
        LastFramesAt = i.LastFramesAt,
    };

    public static WebhookDelivery ToDelivery(WebhookDeliveryRow d) => new()
    {
        Id = d.Id,
        JobId = d.JobId,
        Event = d.Event,
        Url = d.Url,
        Payload = d.Payload,
        Status = d.Status,
        CreatedAt = d.CreatedAt,
        NextAttemptAt = d.NextAttemptAt,
        Attempts = JsonSerializer.Deserialize<List<WebhookAttempt>>(d.Attempts, StoreJson.Options) ?? [],
    };
}
