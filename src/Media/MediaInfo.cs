namespace Cartoon.Media;

/// <summary>
/// What <see cref="MediaProbe"/> learned from a file's headers, before any frame is decoded. Sizes are as displayed:
/// with <see cref="Rotation"/> 90 or 270 they are the coded size swapped, which is also the size of the frames
/// <see cref="FrameExtractor"/> hands out.
/// </summary>
/// <param name="Container">The sniffed container.</param>
/// <param name="FormatName">ffprobe's format name (<c>mov,mp4,m4a,3gp,3g2,mj2</c>, <c>matroska,webm</c>, <c>gif</c>), or <c>webp</c>.</param>
/// <param name="VideoStreamIndex">The absolute index of the video stream used (cover art is skipped); 0 for WebP.</param>
/// <param name="VideoCodec">ffmpeg's codec name: h264, hevc, vp8, vp9, gif, webp, or whatever else the file holds.</param>
/// <param name="Width">Displayed width (after rotation).</param>
/// <param name="Height">Displayed height (after rotation).</param>
/// <param name="Rotation">
/// Degrees the coded frames are turned counter-clockwise for display: 0, 90, 180 or 270 (ffprobe's display-matrix
/// <c>rotation</c>, normalized; ffprobe's -90 is 270). Extraction applies it.
/// </param>
/// <param name="FrameRate">
/// The constant rate frames are extracted at and results should be muxed at: the stream's average rate for MP4/WebM;
/// for GIF and animated WebP, derived from the frame delays (see <see cref="FrameExtractor"/>), at most
/// <see cref="MediaOptions.MaxAnimationFrameRate"/>.
/// </param>
/// <param name="Duration">The video's duration (the video stream's, else the container's; an animation's delays added up).</param>
/// <param name="ContainerDuration">The container's declared duration (may be longer: audio, or a header that lies); limits check the larger.</param>
/// <param name="FrameCount">
/// Frames extraction yields: a video's frame count from its header (or its packets counted, or duration × rate); an
/// animation's frames at <see cref="FrameRate"/>. The extractor holds the file to it within 2 frames or 2 % (see
/// <see cref="FrameExtractor"/>); the pipeline should still use the count the extractor returns.
/// </param>
/// <param name="HasAudio">Whether an audio stream is present (the muxer carries the first one over).</param>
/// <param name="AudioCodec">ffmpeg's name of the first audio stream's codec, or null.</param>
/// <param name="FileSize">Bytes on disk.</param>
public sealed record MediaInfo(
    MediaContainer Container,
    string FormatName,
    int VideoStreamIndex,
    string VideoCodec,
    int Width,
    int Height,
    int Rotation,
    FrameRate FrameRate,
    TimeSpan Duration,
    TimeSpan ContainerDuration,
    long FrameCount,
    bool HasAudio,
    string? AudioCodec,
    long FileSize);
