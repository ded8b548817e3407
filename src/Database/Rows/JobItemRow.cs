namespace Cartoon.Database.Rows;

/// <summary>One image of a job: its input (fixed at submit) and its outcome, which only ever moves forward.</summary>
public sealed class JobItemRow
{
    public Guid JobId { get; set; }
    public int Index { get; set; }
    public string? FileName { get; set; }
    public string InputKey { get; set; } = "";
    public string ResultKey { get; set; } = "";
    public string InputFormat { get; set; } = "";
    public long Bytes { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public int WorkWidth { get; set; }
    public int WorkHeight { get; set; }
    public string Tier { get; set; } = "";

    /// <summary>queued | processing | succeeded | failed | canceled.</summary>
    public string Status { get; set; } = "";

    public string? Reason { get; set; }
    public string? Message { get; set; }
    public Guid? EventId { get; set; }
    public string? ContentType { get; set; }
    public int? ResultWidth { get; set; }
    public int? ResultHeight { get; set; }
    public int? Faces { get; set; }

    /// <summary>Output long side over work long side, for a succeeded item.</summary>
    public double? UpscaleFactor { get; set; }

    /// <summary>Warning codes of a succeeded item, comma-separated (codes are [a-z_]); null when none.</summary>
    public string? Warnings { get; set; }
    public int? BatchSize { get; set; }
    public string? Device { get; set; }
    public double? InferenceMs { get; set; }
    public double? QueueWaitMs { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    // When the item entered each stage a worker reports (ItemStages), on the worker's clock; null until it did. The
    // item's stage is the last of these it reached, or its outcome once it has one.
    public DateTimeOffset? FetchingAt { get; set; }
    public DateTimeOffset? DecodingAt { get; set; }
    public DateTimeOffset? InferringAt { get; set; }
    public DateTimeOffset? EncodingAt { get; set; }
    public DateTimeOffset? StoringAt { get; set; }
}
