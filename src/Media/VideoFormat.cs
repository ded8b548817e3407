namespace Cartoon.Media;

/// <summary>What <see cref="VideoMuxer"/> writes.</summary>
public enum VideoFormat
{
    /// <summary>H.264 (libx264) yuv420p, BT.709, <c>+faststart</c>; AAC audio.</summary>
    Mp4,

    /// <summary>VP9 (libvpx-vp9) yuv420p; Opus audio.</summary>
    Webm,

    /// <summary>Animated GIF, a palette per frame, looping; no audio.</summary>
    Gif,

    /// <summary>Animated WebP (libwebp_anim), lossy, looping; no audio.</summary>
    Webp,
}
