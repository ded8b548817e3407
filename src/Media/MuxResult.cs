namespace Cartoon.Media;

/// <summary>What <see cref="VideoMuxer"/> wrote.</summary>
/// <param name="Frames">Frames fed in (and written).</param>
/// <param name="Width">Output width: the frames' width, made even for MP4/WebM (yuv420p needs it).</param>
/// <param name="Height">Output height, likewise.</param>
/// <param name="Bytes">Size of the output.</param>
public sealed record MuxResult(int Frames, int Width, int Height, long Bytes);
