using Cartoon.Engine.Faces;

namespace Cartoon.Engine.Tracking;

/// <summary>
/// Follows the faces of ONE video, frame after frame in order (causal: a frame's output depends only on it and the
/// frames before), so that the same face keeps its id and its landmarks do not jitter from frame to frame: a jittering
/// landmark moves the aligned 288² crop, and the head net's cartoon and the pasted oval move with it (flicker).
/// Per frame: each live track's box is predicted at the frame's time, detections are paired with tracks greedily by
/// IoU (<see cref="GreedyIouMatcher"/>), a paired track's 14 coordinates go through its 1€ filters, an unpaired track
/// coasts on its prediction for up to <see cref="FaceTrackerOptions.MaxMissedFrames"/> frames and is then dropped, and
/// each unpaired detection starts a new track (new ids left to right within a frame). Faces come out ordered by track
/// id, i.e. by first appearance: a stable paste order, whatever their sizes do. Everything is in the frame's own pixels.
/// Not thread-safe: one video's frames are fed by one caller, in order, across all its chunks.
/// </summary>
public sealed class FaceTracker
{
    private readonly List<FaceTrack> _tracks = [];
    private int _nextId = 1;
    private int? _lastFrame;

    public FaceTracker(FaceTrackerOptions? options = null)
    {
        Options = options ?? new FaceTrackerOptions();
        Options.Validate();
    }

    public FaceTrackerOptions Options { get; }

    /// <summary>Tracks the faces detected in <paramref name="frame"/> (frame indices increase; gaps are skipped frames).</summary>
    public FrameFaces Update(int frame, IReadOnlyList<DetectedFace> detections)
    {
        ArgumentNullException.ThrowIfNull(detections);
        if (frame <= _lastFrame)
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"Frames must come in order (the previous was {_lastFrame}).");
        _lastFrame = frame;
        var time = frame / Options.FramesPerSecond;

        var predicted = _tracks.Select(track => track.At(time)).ToArray();
        var pairs = GreedyIouMatcher.Match(predicted, detections, Options.MinIou);
        var matchedTracks = pairs.Select(p => p.Track).ToHashSet();
        foreach (var (track, detection) in pairs)
            _tracks[track].Update(detections[detection], time);
        for (var t = 0; t < _tracks.Count; t++)
            if (!matchedTracks.Contains(t))
                _tracks[t].Miss();
        _tracks.RemoveAll(track => track.Missed > Options.MaxMissedFrames);

        var matchedDetections = pairs.Select(p => p.Detection).ToHashSet();
        foreach (var detection in detections.Where((_, d) => !matchedDetections.Contains(d))
                     .OrderBy(face => face.X1 + face.X2).ThenBy(face => face.Y1 + face.Y2))
            _tracks.Add(new FaceTrack(_nextId++, detection, time, Options));

        return new FrameFaces(frame, _tracks.Select(track => new TrackedFace(track.Id, track.At(time), track.Missed)).ToArray());
    }

    /// <summary>
    /// Tracks a chunk of consecutive frames, the first being <paramref name="firstFrame"/> (e.g. one batched
    /// <see cref="ICartoonEngine.DetectFacesAsync"/> result); the next chunk goes on from where this one ended.
    /// </summary>
    public IReadOnlyList<FrameFaces> UpdateChunk(int firstFrame, IReadOnlyList<IReadOnlyList<DetectedFace>> chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return chunk.Select((detections, k) => Update(firstFrame + k, detections)).ToArray();
    }
}
