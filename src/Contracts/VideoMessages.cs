namespace Cartoon.Contracts;

// A video (or animated GIF/WebP) is ONE item of a job. Its way, every step a message, every hand-over a stored object:
//   gateway: probe, store the upload, send ExtractVideo to the video queue
//   worker (video queue): decode the frames into chunks (stored), detect and track faces across the whole clip
//                         (stored beside each chunk), send CartoonizeFrames per chunk to the tier of the frame size,
//                         publish VideoExtracted
//   worker (tier queue):  one batched engine call per chunk, the cartoon frames stored, FramesCompleted published
//   gateway:              counts chunks in the database; the one replica that sees the last chunk (or the
//                         VideoExtracted after it) writes MuxVideo to its outbox
//   worker (video queue): re-mux the frames at the source rate with the original audio, store the result, publish
//                         ItemCompleted (or ItemFailed at any step, which ends the item)

/// <summary>Command: extract the frames of a video item. Sent by the gateway to <see cref="VideoQueues.Video"/>.</summary>
public sealed record ExtractVideo
{
    public required Guid JobId { get; init; }
    public required int ItemIndex { get; init; }
    public required string TenantId { get; init; }
    public required string InputKey { get; init; }
    public required string Style { get; init; }
    public required float Strength { get; init; }
    public int? MaxSide { get; init; }

    /// <summary>"standard" or "high", as for an image.</summary>
    public string Detail { get; init; } = "standard";

    /// <summary>The output format: mp4, webm, gif or webp.</summary>
    public required string Format { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>
/// Command: cartoonize one chunk of a video's frames in ONE engine call, with the tracked faces stored beside it. Sent
/// to the queue of the tier of the frame's work size.
/// </summary>
public sealed record CartoonizeFrames
{
    public required Guid JobId { get; init; }
    public required int ItemIndex { get; init; }
    public required string TenantId { get; init; }

    /// <summary>0-based position of the chunk in the video.</summary>
    public required int Chunk { get; init; }
    public required int FirstFrame { get; init; }
    public required int FrameCount { get; init; }

    /// <summary>The decoded frames (FrameChunkCodec).</summary>
    public required string FramesKey { get; init; }

    /// <summary>The tracked faces of those frames (JSON list of FrameFaces).</summary>
    public required string FacesKey { get; init; }

    /// <summary>Where the cartoon frames go (FrameChunkCodec).</summary>
    public required string ResultKey { get; init; }
    public required string Style { get; init; }
    public required float Strength { get; init; }
    public int? MaxSide { get; init; }
    public string Detail { get; init; } = "standard";
    public required int WorkWidth { get; init; }
    public required int WorkHeight { get; init; }
    public required string Tier { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>Event: every frame of a video item is extracted and its chunks are sent; the counts are final.</summary>
public sealed record VideoExtracted
{
    public required Guid EventId { get; init; }
    public required Guid JobId { get; init; }
    public required int ItemIndex { get; init; }
    public required int Chunks { get; init; }
    public required int Frames { get; init; }

    /// <summary>The constant rate of the frames, "num/den" (e.g. "30000/1001").</summary>
    public required string FrameRate { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// <summary>Whether the source has an audio track that the mux will carry over.</summary>
    public required bool HasAudio { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>Event: one chunk's cartoon frames are stored. Redelivery repeats the same <see cref="EventId"/>.</summary>
public sealed record FramesCompleted
{
    public required Guid EventId { get; init; }
    public required Guid JobId { get; init; }
    public required int ItemIndex { get; init; }
    public required int Chunk { get; init; }
    public required int Frames { get; init; }
    public required int Faces { get; init; }
    public required string Device { get; init; }
    public required double InferenceMs { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}

/// <summary>
/// Command: every chunk of a video item is cartoonized; encode the cartoon frames into the result. Written once per
/// item to the gateway's outbox and sent to <see cref="VideoQueues.Video"/>.
/// </summary>
public sealed record MuxVideo
{
    public required Guid JobId { get; init; }
    public required int ItemIndex { get; init; }
    public required string TenantId { get; init; }

    /// <summary>The upload, whose audio track goes into the result.</summary>
    public required string InputKey { get; init; }
    public required string ResultKey { get; init; }

    /// <summary>mp4, webm, gif or webp.</summary>
    public required string Format { get; init; }
    public required int Chunks { get; init; }
    public required int Frames { get; init; }

    /// <summary>"num/den", as <see cref="VideoExtracted.FrameRate"/>.</summary>
    public required string FrameRate { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>Where video work is sent.</summary>
public static class VideoQueues
{
    /// <summary>Extraction and muxing (ffmpeg and face tracking): one queue, consumed by every worker.</summary>
    public const string Video = "cartoon-video";
}
