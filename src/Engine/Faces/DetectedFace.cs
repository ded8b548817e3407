namespace Cartoon.Engine.Faces;

/// <summary>A face in work-image pixels: box, score and the 5 landmarks (eyes, nose, mouth corners).</summary>
public sealed record DetectedFace(float X1, float Y1, float X2, float Y2, float Score, float[] Landmarks)
{
    public float Area => Math.Max(0, X2 - X1) * Math.Max(0, Y2 - Y1);
}
