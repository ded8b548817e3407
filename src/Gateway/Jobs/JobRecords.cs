using Cartoon.Contracts;

namespace Cartoon.Gateway.Jobs;

// The job as the gateway's code sees it, read from the database rows (JobRowMapper): what was asked (the manifest,
// fixed at submit), each item's record (forward only) and the job-level state.

/// <summary>What was asked, fixed at submit.</summary>
public sealed record JobManifest
{
    public required Guid JobId { get; init; }
    public required string TenantId { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Base of absolute links, captured at submit so webhooks (sent without a request) link back correctly.</summary>
    public required string BaseUrl { get; init; }

    public required JobParameters Parameters { get; init; }
    public WebhookSubscription? Webhook { get; init; }
    public required IReadOnlyList<ManifestItem> Items { get; init; }
    public IReadOnlyList<RejectedPart> Rejected { get; init; } = [];

    /// <summary>W3C trace id of the submit request (Activity.Current at submit), so a job can be found in the traces.</summary>
    public string? TraceId { get; init; }
}

/// <param name="Detail">"standard" (DCT-Net's 720 px short side) or "high" (a larger work size, the background on tiles).</param>
public sealed record JobParameters(string Style, float Strength, int? MaxSide, string Format, int Quality, string Detail = JobDetails.Standard);

/// <summary>The values of a job's <c>detail</c> parameter.</summary>
public static class JobDetails
{
    public const string Standard = "standard";
    public const string High = "high";

    public static readonly IReadOnlyList<string> All = [Standard, High];
}

public sealed record WebhookSubscription(string Url, IReadOnlyList<string> Events);

/// <summary>An accepted image or video. <see cref="Index"/> is its position among the request's image parts.</summary>
public sealed record ManifestItem
{
    public required int Index { get; init; }
    public string? FileName { get; init; }
    public required string InputKey { get; init; }
    public required string ResultKey { get; init; }
    public required string InputFormat { get; init; }
    public required long Bytes { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required int WorkWidth { get; init; }
    public required int WorkHeight { get; init; }
    public required string Tier { get; init; }

    /// <summary><see cref="ItemKinds"/>: "image" or "video".</summary>
    public string Kind { get; init; } = ItemKinds.Image;

    /// <summary>A video's output format (mp4, webm, gif, webp); null for an image (the job's format applies).</summary>
    public string? VideoFormat { get; init; }

    /// <summary>A video's frame count: the probe's estimate at submit, exact once the extractor reported it.</summary>
    public int? FramesTotal { get; init; }

    /// <summary>A video's frame rate, "num/den".</summary>
    public string? FrameRate { get; init; }

    public bool IsVideo => Kind == ItemKinds.Video;
}

/// <summary>An image part refused at submit, reported with its reason while the others go ahead.</summary>
public sealed record RejectedPart(int Index, string? FileName, string Reason, string Message);

/// <summary>An item's state; a queued item has no outcome yet.</summary>
public sealed record ItemRecord
{
    public required int Index { get; init; }
    public required string Status { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public Guid? EventId { get; init; }
    public string? ContentType { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? Faces { get; init; }
    public double? UpscaleFactor { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public int? BatchSize { get; init; }
    public string? Device { get; init; }
    public double? InferenceMs { get; init; }
    public double? QueueWaitMs { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The running stages the item reached (fetching … storing), in stage order.</summary>
    public IReadOnlyList<StageTime> Stages { get; init; } = [];

    /// <summary>A video item's cartoonized frames so far (chunks reported by FramesCompleted); 0 for an image.</summary>
    public int FramesDone { get; init; }

    /// <summary>When the first reported chunk started inference and the latest reported chunk finished: the measured rate.</summary>
    public DateTimeOffset? FirstFramesAt { get; init; }

    public DateTimeOffset? LastFramesAt { get; init; }

    public bool IsTerminal => JobStatuses.IsTerminal(Status);

    /// <summary>The outcome once there is one, else the last stage reached, else queued.</summary>
    public string Stage => IsTerminal ? Status : Stages.Count > 0 ? Stages[^1].Stage : ItemStages.Queued;

    public static ItemRecord Queued(int index, DateTimeOffset at) => new() { Index = index, Status = JobStatuses.Queued, UpdatedAt = at };
}

/// <summary>Job-level state.</summary>
public sealed record JobState
{
    public DateTimeOffset? CanceledAt { get; init; }

    /// <summary>Set by the one transaction that completed the job (and wrote JobCompleted and the webhook to the outbox).</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    public DateTimeOffset? WebhookDisabledAt { get; init; }
    public string? WebhookDisabledReason { get; init; }

    public static JobState Empty { get; } = new();
}
