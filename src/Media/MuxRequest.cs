namespace Cartoon.Media;

/// <summary>What <see cref="VideoMuxer"/> should make of a sequence of frames.</summary>
/// <param name="Format">The output format.</param>
/// <param name="FrameRate">The frames' constant rate (the source's <see cref="MediaInfo.FrameRate"/>).</param>
public sealed record MuxRequest(VideoFormat Format, FrameRate FrameRate)
{
    /// <summary>
    /// The original upload, whose first audio track (if it has one) is encoded into MP4 (AAC) and WebM (Opus) output,
    /// cut to the frames' length. Null, or a GIF/WebP: no audio.
    /// </summary>
    public string? AudioSourcePath { get; init; }
}
