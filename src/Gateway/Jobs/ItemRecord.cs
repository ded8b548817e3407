using Cartoon.Contracts;

namespace Cartoon.Gateway.Jobs;

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
