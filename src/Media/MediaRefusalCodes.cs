namespace Cartoon.Media;

/// <summary>The <see cref="MediaRefusal.Code"/> values; stable, clients may branch on them.</summary>
public static class MediaRefusalCodes
{
    /// <summary>400: zero bytes.</summary>
    public const string Empty = "empty";

    /// <summary>400: a container this layer takes, but unreadable (truncated, corrupt, no frames, ends early).</summary>
    public const string InvalidMedia = "invalid_media";

    /// <summary>415: not MP4/MOV, WebM/Matroska, GIF or animated WebP by its content (the file name is never looked at).</summary>
    public const string UnsupportedFormat = "unsupported_format";

    /// <summary>415: the video stream's codec is none of H.264, H.265, VP8, VP9, GIF, WebP.</summary>
    public const string UnsupportedCodec = "unsupported_codec";

    /// <summary>415: the container holds no video stream (audio only, cover art only).</summary>
    public const string NoVideoStream = "no_video_stream";

    /// <summary>413: longer than <see cref="VideoLimits.MaxDuration"/>.</summary>
    public const string TooLong = "too_long";

    /// <summary>413: frames larger than <see cref="VideoLimits.MaxFrameWidth"/> × <see cref="VideoLimits.MaxFrameHeight"/>.</summary>
    public const string FrameTooLarge = "frame_too_large";

    /// <summary>413: faster than <see cref="VideoLimits.MaxFrameRate"/>.</summary>
    public const string FrameRateTooHigh = "frame_rate_too_high";

    /// <summary>413: more than <see cref="VideoLimits.MaxFrames"/> frames.</summary>
    public const string TooManyFrames = "too_many_frames";

    /// <summary>413: more than <see cref="VideoLimits.MaxBytes"/> bytes.</summary>
    public const string FileTooLarge = "file_too_large";
}
