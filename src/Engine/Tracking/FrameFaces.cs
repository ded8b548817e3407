using Cartoon.Engine.Faces;

namespace Cartoon.Engine.Tracking;

/// <summary>
/// A frame's tracked faces, ordered by track id, in the frame's own pixels (the frame as decoded, not the engine's work
/// image): a plain record for a job manifest (System.Text.Json round-trips it), and through <see cref="RequestFaces"/>
/// what <see cref="CartoonRequest.Faces"/> takes for that frame.
/// </summary>
public sealed record FrameFaces(int Frame, IReadOnlyList<TrackedFace> Faces)
{
    /// <summary>The faces in their stable order, for <see cref="CartoonRequest.Faces"/>.</summary>
    public IReadOnlyList<DetectedFace> RequestFaces() => Faces.Select(face => face.Face).ToArray();
}
