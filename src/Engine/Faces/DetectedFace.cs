using System.Text.Json.Serialization;

namespace Cartoon.Engine.Faces;

/// <summary>
/// A face: box, score and the 5 landmarks (left eye, right eye, nose, left and right mouth corner; x,y pairs). Inside
/// the engine in work-image pixels; at its edges (<see cref="ICartoonEngine.DetectFacesAsync"/>,
/// <see cref="CartoonRequest.Faces"/>) in the input's own upright pixels.
/// </summary>
public sealed record DetectedFace(float X1, float Y1, float X2, float Y2, float Score, float[] Landmarks)
{
    [JsonIgnore]
    public float Area => Math.Max(0, X2 - X1) * Math.Max(0, Y2 - Y1);

    public float Iou(DetectedFace other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var iw = Math.Max(0, Math.Min(X2, other.X2) - Math.Max(X1, other.X1));
        var ih = Math.Max(0, Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1));
        var inter = iw * ih;
        return inter / (Area + other.Area - inter + 1e-6f);
    }

    /// <summary>The same face in pixels scaled by <paramref name="sx"/> along x and <paramref name="sy"/> along y.</summary>
    public DetectedFace Scaled(float sx, float sy)
    {
        var points = new float[Landmarks.Length];
        for (var k = 0; k + 1 < points.Length; k += 2)
        {
            points[k] = Landmarks[k] * sx;
            points[k + 1] = Landmarks[k + 1] * sy;
        }
        return new DetectedFace(X1 * sx, Y1 * sy, X2 * sx, Y2 * sy, Score, points);
    }
}
