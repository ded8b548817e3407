namespace Cartoon.Contracts;

// Message bodies carry object keys, never image bytes.

/// <summary>Command: cartoonize one item of a job. Sent to the queue of the item's size tier.</summary>
public sealed record CartoonizeItem
{
    public required Guid JobId { get; init; }
    public required int ItemIndex { get; init; }
    public required string TenantId { get; init; }
    public required string InputKey { get; init; }
    public required string ResultKey { get; init; }
    public required string Style { get; init; }
    public required float Strength { get; init; }
    public int? MaxSide { get; init; }
    public required string Format { get; init; }
    public int Quality { get; init; } = 90;

    /// <summary>"standard" or "high": the high-detail work size and tiled background (absent from older gateways: standard).</summary>
    public string Detail { get; init; } = "standard";

    /// <summary>Work size after the engine's 720 px short-side cap, known at submit from the image header.</summary>
    public required int WorkWidth { get; init; }
    public required int WorkHeight { get; init; }
    public required string Tier { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>Shared by item events: which group ran the item, where and how long.</summary>
public interface IItemOutcome
{
    Guid EventId { get; }
    Guid JobId { get; }
    int ItemIndex { get; }
    int BatchSize { get; }
    string Device { get; }
    double InferenceMs { get; }
    double QueueWaitMs { get; }
    DateTimeOffset StartedAt { get; }
    DateTimeOffset CompletedAt { get; }

    /// <summary>
    /// The stages the item went through (as its group's ItemsStaged said), so the outcome records them even when a
    /// stage event is lost or applied after it.
    /// </summary>
    IReadOnlyList<StageTime> Stages { get; }
}

public sealed record ItemCompleted : IItemOutcome
{
    /// <summary>Stable per item (derived from job id + index) so a redelivered item repeats the same id.</summary>
    public required Guid EventId { get; init; }
    public required Guid JobId { get; init; }
    public required int ItemIndex { get; init; }
    public required string ResultKey { get; init; }
    public required string ContentType { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required int Faces { get; init; }

    /// <summary>Output long side over the work long side the nets ran at (0 from workers older than this field).</summary>
    public double UpscaleFactor { get; init; }

    /// <summary>Codes of what the cartoon does not show as asked (upscaled, no_face, small_face, alpha_flattened, …).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public required int BatchSize { get; init; }
    public required string Device { get; init; }
    public required double InferenceMs { get; init; }
    public required double QueueWaitMs { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
    public IReadOnlyList<StageTime> Stages { get; init; } = [];
}

public sealed record ItemFailed : IItemOutcome
{
    public required Guid EventId { get; init; }
    public required Guid JobId { get; init; }
    public required int ItemIndex { get; init; }

    /// <summary>Machine-readable: invalid_image, unsupported_format, too_large, decode_timeout, canceled, internal_error...</summary>
    public required string Reason { get; init; }
    public required string Message { get; init; }
    public required int BatchSize { get; init; }
    public required string Device { get; init; }
    public double InferenceMs { get; init; }
    public double QueueWaitMs { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
    public IReadOnlyList<StageTime> Stages { get; init; } = [];
}

public sealed record JobCompleted
{
    /// <summary>Derived from the job id: a duplicate (under redelivery) carries the same id.</summary>
    public required Guid EventId { get; init; }
    public required Guid JobId { get; init; }
    public required string TenantId { get; init; }
    public required string Status { get; init; }
    public required int Total { get; init; }
    public required int Succeeded { get; init; }
    public required int Failed { get; init; }
    public required int Canceled { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}

/// <summary>
/// Published by a worker as a group enters a stage (ItemStages: fetching, decoding, inferring, encoding, storing): ONE
/// message per stage per group, naming every item of the group that is still running, whatever job it belongs to.
/// Progress only: the gateway moves an unfinished item forward to the stage (the first one also marks it
/// "processing"), never back, and never touches an item that has an outcome; nothing waits on it. The events of one
/// item may arrive out of order or twice, and applying one twice changes nothing, so it carries no event id.
/// </summary>
public sealed record ItemsStaged
{
    /// <summary>One of <see cref="ItemStages"/>' running stages.</summary>
    public required string Stage { get; init; }

    public required IReadOnlyList<ItemRef> Items { get; init; }

    /// <summary>Host name of the worker running the group.</summary>
    public required string Worker { get; init; }
    public required string Device { get; init; }

    /// <summary>Items in the engine call, all jobs together.</summary>
    public required int BatchSize { get; init; }

    /// <summary>When the group entered the stage (the worker's clock).</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>One item of one job.</summary>
public sealed record ItemRef(Guid JobId, int ItemIndex);
