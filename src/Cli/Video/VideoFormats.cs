using Cartoon.Media;

namespace Cartoon.Cli.Video;

/// <summary>The format a converted video is written in.</summary>
internal static class VideoFormats
{
    /// <summary>
    /// <paramref name="asked"/> when given; else an animation stays what it was (a GIF becomes a GIF, an animated WebP a
    /// WebP: a sticker should not turn into an MP4) and a video becomes MP4. The agreed default of the gateway too.
    /// </summary>
    public static VideoFormat For(MediaContainer source, VideoFormat? asked) => asked ?? source switch
    {
        MediaContainer.Gif => VideoFormat.Gif,
        MediaContainer.AnimatedWebp => VideoFormat.Webp,
        _ => VideoFormat.Mp4,
    };
}
