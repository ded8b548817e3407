using Cartoon.Engine.Faces;

namespace Cartoon.Engine.Tracking;

/// <summary>
/// Pairs tracks with detections: the most overlapping (IoU) pair first, then the next among those left, down to a least
/// IoU. Greedy rather than Hungarian: with a handful of faces whose boxes each overlap their own previous box far more
/// than another's, both give the same pairs, and greedy is a few lines with a deterministic tie order.
/// </summary>
internal static class GreedyIouMatcher
{
    /// <returns>(index in <paramref name="predicted"/>, index in <paramref name="detections"/>) per matched pair.</returns>
    public static IReadOnlyList<(int Track, int Detection)> Match(IReadOnlyList<DetectedFace> predicted, IReadOnlyList<DetectedFace> detections, float minIou)
    {
        var candidates = new List<(float Iou, int Track, int Detection)>();
        for (var t = 0; t < predicted.Count; t++)
            for (var d = 0; d < detections.Count; d++)
            {
                var iou = predicted[t].Iou(detections[d]);
                if (iou >= minIou)
                    candidates.Add((iou, t, d));
            }
        var usedTracks = new HashSet<int>();
        var usedDetections = new HashSet<int>();
        var pairs = new List<(int, int)>();
        foreach (var (_, t, d) in candidates.OrderByDescending(c => c.Iou).ThenBy(c => c.Track).ThenBy(c => c.Detection))
        {
            if (usedTracks.Contains(t) || usedDetections.Contains(d))
                continue;
            usedTracks.Add(t);
            usedDetections.Add(d);
            pairs.Add((t, d));
        }
        return pairs;
    }
}
