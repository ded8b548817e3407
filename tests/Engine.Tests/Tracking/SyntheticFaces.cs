using Cartoon.Engine.Faces;

namespace Cartoon.Engine.Tests.Tracking;

/// <summary>Detector-like faces made up for tracker tests: a square box and 5 landmarks placed as on a frontal face.</summary>
internal static class SyntheticFaces
{
    // Eyes, nose, mouth corners as fractions of the box (x, y).
    private static readonly float[] Layout = [0.32f, 0.4f, 0.68f, 0.4f, 0.5f, 0.58f, 0.36f, 0.76f, 0.64f, 0.76f];

    public static DetectedFace At(float centreX, float centreY, float size = 100, float score = 0.99f)
    {
        var x1 = centreX - size / 2;
        var y1 = centreY - size / 2;
        var points = new float[10];
        for (var k = 0; k < 5; k++)
        {
            points[2 * k] = x1 + Layout[2 * k] * size;
            points[2 * k + 1] = y1 + Layout[2 * k + 1] * size;
        }
        return new DetectedFace(x1, y1, x1 + size, y1 + size, score, points);
    }

    /// <summary>The face with every coordinate moved by seeded uniform noise of ±<paramref name="amplitude"/> px.</summary>
    public static DetectedFace Jittered(DetectedFace face, float amplitude, Random random)
    {
        float Noise() => (float)(random.NextDouble() * 2 - 1) * amplitude;
        return new DetectedFace(face.X1 + Noise(), face.Y1 + Noise(), face.X2 + Noise(), face.Y2 + Noise(), face.Score,
            face.Landmarks.Select(v => v + Noise()).ToArray());
    }

    public static float CentreX(DetectedFace face) => (face.X1 + face.X2) / 2;

    public static float CentreY(DetectedFace face) => (face.Y1 + face.Y2) / 2;
}
