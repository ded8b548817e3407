using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;

namespace Cartoon.Engine;

/// <summary>One image of a group: encoded bytes plus its parameters. <see cref="Id"/> is echoed back.</summary>
public sealed record CartoonRequest(ReadOnlyMemory<byte> Image, CartoonParameters Parameters, string? Id = null)
{
    /// <summary>
    /// The input already decoded, used instead of <see cref="Image"/> (which is then not read): a video frame as
    /// FFmpeg's rawvideo rgb24 gives it is a <see cref="PixelBuffer"/> as it is, the engine's own decoded form, so it
    /// skips an encode and a decode per frame (an ImageSharp <c>Image&lt;Rgb24&gt;</c>: <see cref="PixelBuffer.From"/>,
    /// one copy). Read, never written; the caller keeps it unchanged until the call returns. Checked against the
    /// engine's pixel and side limits like a header.
    /// </summary>
    public PixelBuffer? Pixels { get; init; }

    /// <summary>
    /// The faces to cartoonize, in the input's own upright pixels (as <see cref="ICartoonEngine.DetectFacesAsync"/>
    /// returns them), used instead of detection: each is aligned, run through the head net and pasted back as a detected
    /// face would be, in this order (the first <see cref="EngineOptions.MaxFacesPerImage"/>). Empty: no face, the
    /// background net's result as for a photo without one (<see cref="ItemWarnings.NoFace"/>). Null: faces are detected.
    /// </summary>
    public IReadOnlyList<DetectedFace>? Faces { get; init; }

    /// <summary>A decoded frame with its faces given (null: detected), e.g. the smoothed faces of a <c>FaceTracker</c>.</summary>
    public static CartoonRequest ForFrame(PixelBuffer frame, CartoonParameters parameters, IReadOnlyList<DetectedFace>? faces, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new CartoonRequest(ReadOnlyMemory<byte>.Empty, parameters, id) { Pixels = frame, Faces = faces };
    }
}
