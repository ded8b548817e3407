using Cartoon.Engine.Batching;
using Cartoon.Engine.Faces;

namespace Cartoon.Engine.Pipeline;

/// <summary>
/// The passes the engine runs at start, per preloaded style, so that the groups after it find their shapes warm.
/// <list type="bullet">
/// <item>CUDA: a cold shape costs the cuDNN algorithm choice and arena growth, so the plan is every (N, H, W) the
/// host's groups can feed the nets (<see cref="ShapeBuckets.BackgroundPassShapes"/> per group box; head passes at every
/// head batch a group's faces can make), once each, largest first: the arena grows to the largest pass and the
/// smaller ones reuse its blocks instead of adding their own. That needs bucketed bg shapes
/// (<see cref="EngineOptions.BackgroundShape"/> Bucket, the CUDA default): with Exact ones every multiple of 16 inside a
/// box is a shape, thousands of them, and only the configured shapes and the head batches are warmed.</item>
/// <item>CPU: batch and exact size barely change the kernels, and start-up must stay short, so the plan is the
/// configured <see cref="EngineOptions.WarmUpShapes"/> at N = 1 and one head at N = 1, once each: a session's very first
/// run is the slow one; with the arena on and no memory pattern, a new shape after it costs ~12 % more on its first
/// run (docs/benchmarks.md, "Issue 13"), not worth a second warm-up pass.</item>
/// </list>
/// Items beyond the largest tier's box are not planned (their shapes are unbounded): a cold shape costs its first
/// group time, which a consume timeout only delays (a group timeout is retried). Each planned shape runs once.
/// </summary>
public sealed record WarmUpPlan(IReadOnlyList<NetShape> Background, IReadOnlyList<NetShape> Head, NetShape Detector)
{
    /// <param name="backgroundShapes">How the engine pads an item's bg input (exact or to its bucket).</param>
    /// <param name="cuda">The nets run on CUDA (cold shapes are costly and every producible one is planned).</param>
    /// <param name="groups">The host's groups (a worker's tiers); null or empty: the configured shapes alone.</param>
    public static WarmUpPlan For(EngineOptions options, ShapeBuckets buckets, BackgroundShapes backgroundShapes, bool cuda, bool padBatch,
        IReadOnlyList<GroupBox>? groups)
    {
        var detector = new NetShape(1, options.DetectLongSide, options.DetectLongSide);
        var configured = options.WarmUpShapes.Select(shape => ParseShape(shape, backgroundShapes)).ToArray();
        if (!cuda)
            return new WarmUpPlan(configured, [new NetShape(1, FaceWarp.CropSize, FaceWarp.CropSize)], detector);

        var boxes = groups is { Count: > 0 } ? groups : null;
        var background = boxes is null || !backgroundShapes.ToBucket
            ? configured
            : boxes.SelectMany(g => buckets.BackgroundPassShapes(g.MaxWidth, g.MaxHeight, g.GroupLimit, padBatch)).Distinct();
        // A group's faces make head passes of MaxHeadBatch and one of the rest, each padded like RunHeads pads it.
        var faces = boxes is null ? options.MaxHeadBatch : boxes.Max(g => g.GroupLimit) * options.MaxFacesPerImage;
        var head = Enumerable.Range(1, Math.Max(1, Math.Min(options.MaxHeadBatch, faces)))
            .Select(n => new NetShape(buckets.HeadBatch(n, options.MaxHeadBatch, padBatch), FaceWarp.CropSize, FaceWarp.CropSize))
            .Distinct();
        return new WarmUpPlan(LargestFirst(background), LargestFirst(head), detector);
    }

    private static NetShape[] LargestFirst(IEnumerable<NetShape> shapes) =>
        shapes.OrderByDescending(s => s.Pixels).ThenByDescending(s => s.Height).ToArray();

    private static NetShape ParseShape(string shape, BackgroundShapes backgroundShapes)
    {
        var parts = shape.Split('x', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], out var h) || !int.TryParse(parts[1], out var w) || h <= 0 || w <= 0)
            throw new FormatException($"Engine:WarmUpShapes entry '{shape}' must be HxW, e.g. 720x720.");
        var (ih, iw) = backgroundShapes.For(w, h);
        return new NetShape(1, ih, iw);
    }
}
