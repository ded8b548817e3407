using Cartoon.Contracts;

namespace Cartoon.Gateway.Jobs;

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
