namespace Cartoon.Media;

/// <summary>The video or animation containers the media layer takes, as told from a file's first bytes.</summary>
public enum MediaContainer
{
    /// <summary>None of the others: not a video this layer takes (a still image, text, anything else).</summary>
    Unknown,

    /// <summary>ISO base media: MP4, MOV, M4V, 3GP (an <c>ftyp</c> box, or a QuickTime file's first atom).</summary>
    Mp4,

    /// <summary>EBML: WebM or Matroska.</summary>
    Matroska,

    /// <summary>GIF87a / GIF89a (animated or not).</summary>
    Gif,

    /// <summary>A WebP whose VP8X header sets the animation flag; ffmpeg 5.1 cannot decode these, ImageSharp 2.1 neither.</summary>
    AnimatedWebp,
}
