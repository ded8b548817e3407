namespace Cartoon.Media.Webp;

/// <summary>One ANMF chunk of an animated WebP: where the frame sits on the canvas, how long it shows, where its data is.</summary>
/// <param name="DurationMs">As stored (0–16777215 ms); <see cref="AnimationTiming"/> reads tiny delays as browsers do.</param>
/// <param name="Blend">Alpha-blend onto the canvas (else overwrite the rectangle).</param>
/// <param name="DisposeToBackground">After showing, clear the rectangle to transparent before the next frame.</param>
/// <param name="DataOffset">File offset of the frame's sub-chunks (ALPH, VP8 or VP8L), after the 16-byte ANMF header.</param>
internal readonly record struct WebpFrame(
    int X,
    int Y,
    int Width,
    int Height,
    int DurationMs,
    bool Blend,
    bool DisposeToBackground,
    long DataOffset,
    int DataLength);
