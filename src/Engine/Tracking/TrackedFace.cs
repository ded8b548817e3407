using Cartoon.Engine.Faces;

namespace Cartoon.Engine.Tracking;

/// <summary>
/// One face of a frame as a <see cref="FaceTracker"/> sees it: its track's id (the same face keeps it from frame to
/// frame) and the smoothed face, in the frame's own pixels. <paramref name="MissedFrames"/> is 0 when a detection was
/// matched in this frame; above 0 the face was not detected and is its track's predicted position (coasting).
/// </summary>
public sealed record TrackedFace(int TrackId, DetectedFace Face, int MissedFrames = 0);
