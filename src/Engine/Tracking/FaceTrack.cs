using Cartoon.Engine.Faces;

namespace Cartoon.Engine.Tracking;

/// <summary>
/// One face followed through a video: a 1€ filter per coordinate (the box's 4 and the landmarks' 10), all in units of
/// the face's size when first seen, so <see cref="FaceTrackerOptions.Beta"/> means the same for a small and a large face.
/// </summary>
internal sealed class FaceTrack
{
    private const int BoxCoordinates = 4;
    private const int LandmarkCoordinates = 10;

    private readonly OneEuroFilter[] _filters;
    private readonly double _scale;
    private float _score;

    public FaceTrack(int id, DetectedFace first, double time, FaceTrackerOptions options)
    {
        Id = id;
        _scale = Math.Max(1.0, Math.Max(first.X2 - first.X1, first.Y2 - first.Y1));
        _filters = Enumerable.Range(0, BoxCoordinates + LandmarkCoordinates)
            .Select(_ => new OneEuroFilter(options.MinCutoff, options.Beta, options.DerivativeCutoff))
            .ToArray();
        Update(first, time);
    }

    public int Id { get; }

    /// <summary>Frames since the last matched detection.</summary>
    public int Missed { get; private set; }

    public void Update(DetectedFace detection, double time)
    {
        var raw = Coordinates(detection);
        for (var k = 0; k < raw.Length; k++)
            _filters[k].Filter(raw[k] / _scale, time);
        _score = detection.Score;
        Missed = 0;
    }

    public void Miss() => Missed++;

    /// <summary>
    /// The smoothed face carried on to <paramref name="time"/> at its filtered speed: the last smoothed face itself at
    /// the time of its last detection, an extrapolation while coasting (a moving face missed for a frame keeps moving).
    /// </summary>
    public DetectedFace At(double time)
    {
        var values = new float[_filters.Length];
        for (var k = 0; k < values.Length; k++)
        {
            var filter = _filters[k];
            values[k] = (float)((filter.Value + filter.Derivative * (time - filter.Timestamp)) * _scale);
        }
        return new DetectedFace(values[0], values[1], values[2], values[3], _score, values[BoxCoordinates..]);
    }

    private static float[] Coordinates(DetectedFace face)
    {
        if (face.Landmarks.Length != LandmarkCoordinates)
            throw new ArgumentException($"A face needs {LandmarkCoordinates} landmark coordinates.", nameof(face));
        return [face.X1, face.Y1, face.X2, face.Y2, .. face.Landmarks];
    }
}
