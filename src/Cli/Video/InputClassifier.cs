using Cartoon.Media;

namespace Cartoon.Cli.Video;

/// <summary>Tells pictures from videos by content (<see cref="MediaSniffer"/>), probing what may be a video.</summary>
internal static class InputClassifier
{
    /// <summary>Extensions a user means as videos: a file so named that is no video is refused with the probe's reason, not an image decoder's.</summary>
    public static readonly IReadOnlySet<string> VideoExtensions =
        new HashSet<string>([".mp4", ".m4v", ".mov", ".webm", ".mkv"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The container of a file that may be a video (MP4/MOV, WebM/Matroska, GIF, animated WebP, or anything named as a
    /// video), from its first bytes alone; null for a picture. No ffmpeg is needed to tell.
    /// </summary>
    public static async Task<MediaContainer?> CandidateAsync(string path, CancellationToken cancellationToken)
    {
        var container = await MediaSniffer.SniffFileAsync(path, cancellationToken);
        return container != MediaContainer.Unknown || VideoExtensions.Contains(Path.GetExtension(path)) ? container : null;
    }

    /// <summary>
    /// A <see cref="CandidateAsync"/> file probed: MP4/MOV and WebM/Matroska are videos; a GIF or animated WebP is one
    /// when it has more than one frame (a still one stays a picture, as does one the probe cannot read: the engine
    /// decodes its first frame or says why not); anything else named as a video is refused with the probe's reason. A
    /// video over <paramref name="limits"/> is refused here, before a frame is decoded.
    /// </summary>
    /// <exception cref="FfmpegException">ffprobe could not run at all.</exception>
    public static async Task<ClassifiedInput> ClassifyAsync(string path, MediaContainer container, MediaProbe probe, VideoLimits limits,
        CancellationToken cancellationToken)
    {
        var animation = container is MediaContainer.Gif or MediaContainer.AnimatedWebp;
        MediaInfo info;
        try
        {
            info = await probe.ProbeAsync(path, cancellationToken);
        }
        catch (MediaRejectedException ex)
        {
            return animation ? new ClassifiedInput(path) : new ClassifiedInput(path, Refusal: ex.Refusal);
        }
        if (animation && info.FrameCount <= 1)
            return new ClassifiedInput(path);
        return limits.Check(info) is { } refusal ? new ClassifiedInput(path, Refusal: refusal) : new ClassifiedInput(path, info);
    }
}
