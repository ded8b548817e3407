namespace Cartoon.Database.Rows;

/// <summary>
/// One image or video of a job: its input (fixed at submit) and its outcome, which only ever moves forward. A video item
/// also counts its chunks as the workers report them (<see cref="VideoChunkRow"/>), so the one transaction that sees the
/// last chunk writes the mux command.
/// </summary>
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

    /// <summary>"image" or "video" (ItemKinds).</summary>
    public string Kind { get; set; } = "image";

    // Video items only; null (or 0) for images.

    /// <summary>mp4, webm, gif or webp: what the mux writes.</summary>
    public string? VideoFormat { get; set; }

    /// <summary>Frames of the video: the probe's estimate at submit, the extractor's exact count from VideoExtracted.</summary>
    public int? FramesTotal { get; set; }

    public int FramesDone { get; set; }

    /// <summary>Chunks the extractor sent; null until VideoExtracted, so the mux cannot start before the count is final.</summary>
    public int? ChunksTotal { get; set; }

    public int ChunksDone { get; set; }

    /// <summary>"num/den": the probe's at submit, the extractor's from VideoExtracted.</summary>
    public string? FrameRate { get; set; }

    /// <summary>When the MuxVideo command was written to the outbox; set once, by the transaction that wrote it.</summary>
    public DateTimeOffset? MuxSentAt { get; set; }

    /// <summary>When the first chunk's inference started and the latest reported chunk finished: the measured frame rate.</summary>
    public DateTimeOffset? FirstFramesAt { get; set; }

    public DateTimeOffset? LastFramesAt { get; set; }
}
