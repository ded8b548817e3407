using Cartoon.Media.Probing;

namespace Cartoon.Media;

/// <summary>
/// Describes a video or animation from its headers (ffprobe; for animated WebP, its own chunk headers), decoding
/// nothing. Judge the result with <see cref="VideoLimits.Check"/> before extracting.
/// </summary>
public sealed class MediaProbe(FfmpegRunner runner)
{
    private readonly FfprobeReader ffprobe = new(runner);

    /// <summary>
    /// The file's <see cref="MediaInfo"/>. Throws <see cref="MediaRejectedException"/> for what is not a readable video
    /// (empty, not a container taken here, truncated or corrupt headers, no video stream, no frame size or rate) and
    /// <see cref="FfmpegException"/> only when ffprobe itself cannot run.
    /// </summary>
    public async Task<MediaInfo> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        long size = new FileInfo(path).Length;
        if (size == 0)
            throw new MediaRejectedException(MediaRefusal.Empty());
        MediaContainer container = await MediaSniffer.SniffFileAsync(path, cancellationToken).ConfigureAwait(false);
        return container switch
        {
            MediaContainer.Unknown => throw new MediaRejectedException(MediaRefusal.UnsupportedFormat(
                "Not a video this service takes (MP4/MOV, WebM/Matroska, GIF or animated WebP); the content is checked, not the file name.")),
            MediaContainer.AnimatedWebp => WebpProbe.Describe(path, size, runner.Options.MaxAnimationFrameRate),
            _ => await ffprobe.DescribeAsync(path, container, size, cancellationToken).ConfigureAwait(false),
        };
    }
}
