using Cartoon.Engine.Faces;

namespace Cartoon.Engine.Pipeline;

/// <summary>Faces a request brings (<see cref="CartoonRequest.Faces"/>): their checks, and their move into work pixels.</summary>
internal static class SuppliedFaces
{
    /// <summary>Why the faces cannot be used (the item then fails with invalid_options), or null.</summary>
    public static string? Validate(IReadOnlyList<DetectedFace>? faces)
    {
        if (faces is null)
            return null;
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            if (face?.Landmarks is not { Length: 10 })
                return $"Face {i} must have 10 landmark coordinates (5 x,y points).";
            if (!face.Landmarks.All(float.IsFinite) || !float.IsFinite(face.X1) || !float.IsFinite(face.Y1)
                || !float.IsFinite(face.X2) || !float.IsFinite(face.Y2))
                return $"Face {i} has a coordinate that is not a finite number.";
        }
        return null;
    }

    /// <summary>
    /// The faces in work pixels, scaled per axis as the work image was (its sides are rounded separately), at most
    /// <paramref name="maxFaces"/>, in their given order.
    /// </summary>
    public static IReadOnlyList<DetectedFace> ToWork(IReadOnlyList<DetectedFace> faces, WorkItem item, int maxFaces)
    {
        var sx = (float)item.Work.Width / item.Original.Width;
        var sy = (float)item.Work.Height / item.Original.Height;
        return faces.Take(maxFaces).Select(face => face.Scaled(sx, sy)).ToArray();
    }
}
