using Cartoon.Contracts;
using Cartoon.Gateway.Webhooks;

namespace Cartoon.Gateway.Jobs;

// The API's job representation (GET /v1/jobs/{id}, the 202 of a submit, the "completed" webhook's data).

public sealed record JobView
{
    public required Guid Id { get; init; }

    /// <summary>queued | processing | succeeded | failed | canceled.</summary>
    public required string Status { get; init; }

    public required JobParameters Parameters { get; init; }
    public required ProgressView Progress { get; init; }

    /// <summary>Items that failed; a "succeeded" job may have some (docs/api.md).</summary>
    public required int FailedItems { get; init; }

    /// <summary>Present while the job is not terminal: this gateway's view of the line ahead.</summary>
    public QueueEstimate? Queue { get; init; }

    public required TimingsView Timings { get; init; }
    public required IReadOnlyList<ItemView> Items { get; init; }
    public required IReadOnlyList<RejectedPart> Rejected { get; init; }
    public WebhookView? Webhook { get; init; }
    public required LinksView Links { get; init; }

    /// <summary>W3C trace id of the submit request: the job's trace (gateway → broker → worker) in the tracing backend.</summary>
    public string? TraceId { get; init; }
}

public sealed record ProgressView(int Total, int Done, int Succeeded, int Failed, int Canceled, int Queued, int Processing, double Percent);

public sealed record TimingsView(
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? CanceledAt,
    double InferenceMs,
    double? DurationMs);

public sealed record ItemView
{
    public required int Index { get; init; }
    public string? FileName { get; init; }

    /// <summary>"image" or "video" (a video, or an animated GIF or WebP).</summary>
    public required string Kind { get; init; }

    public required string Status { get; init; }

    /// <summary>queued, fetching, decoding, inferring, encoding, storing, then the outcome (succeeded, failed, canceled).</summary>
    public required string Stage { get; init; }

    /// <summary>When the item entered each stage it reached, in order: queued (the submit) … its outcome.</summary>
    public required IReadOnlyList<StageTime> Stages { get; init; }

    public string? Reason { get; init; }
    public string? Message { get; init; }
    public required ItemInputView Input { get; init; }
    public required string Tier { get; init; }
    public ItemResultView? Result { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public double? InferenceMs { get; init; }
    public double? QueueWaitMs { get; init; }
    public int? BatchSize { get; init; }
    public string? Device { get; init; }

    /// <summary>A video item's frame progress; null for an image.</summary>
    public VideoView? Video { get; init; }
}

/// <param name="FramesPerSecond">Cartoonized frames per second, measured over the chunks done so far; null until two times are known.</param>
/// <param name="EtaSeconds">The frames left at that rate; null until the rate is known (the mux after them is not counted).</param>
/// <param name="FrameRate">The video's frame rate, "num/den".</param>
/// <param name="Format">mp4, webm, gif or webp: the result's format.</param>
public sealed record VideoView(int FramesDone, int? FramesTotal, double? FramesPerSecond, double? EtaSeconds, string? FrameRate, string Format);

public sealed record ItemInputView(string Format, int Width, int Height, long Bytes);

/// <param name="WorkWidth">The size the nets ran at (short side capped at 720); the output was resized from it.</param>
/// <param name="UpscaleFactor">Output long side over work long side (above 2 the cartoon is visibly soft: warning "upscaled").</param>
/// <param name="Warnings">What the cartoon does not show as asked: upscaled, no_face, small_face, alpha_flattened, first_frame_only, color_profile_dropped (docs/api.md, "Item warnings").</param>
public sealed record ItemResultView(string Url, string? ContentType, int? Width, int? Height, int? Faces,
    int WorkWidth, int WorkHeight, double? UpscaleFactor, IReadOnlyList<string> Warnings);

public sealed record WebhookView(string Url, IReadOnlyList<string> Events, bool Disabled, string? DisabledReason, IReadOnlyList<WebhookDeliveryView> Deliveries);

public sealed record WebhookDeliveryView(string Id, string Event, string Status, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, IReadOnlyList<WebhookAttempt> Attempts);

public sealed record LinksView(string Self, string Cancel, IReadOnlyList<string> Results);

/// <summary>GET /v1/jobs: one page of the caller's jobs, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record JobListView(IReadOnlyList<JobSummaryView> Jobs, string? NextCursor);

/// <summary>A listing's progress: the job's counters (queued and processing items are told apart on the job's own page).</summary>
public sealed record SummaryProgressView(int Total, int Done, int Succeeded, int Failed, int Canceled, double Percent);

/// <summary>A job in a listing: its status and counts; GET links.self for the items.</summary>
public sealed record JobSummaryView
{
    public required Guid Id { get; init; }
    public required string Status { get; init; }
    public required string Style { get; init; }
    public required SummaryProgressView Progress { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public required string Self { get; init; }
}
