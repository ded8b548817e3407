namespace Cartoon.Engine.Batching;

/// <summary>
/// A small fixed set of (batch, height, width) shapes the nets are fed: every new input shape costs up to
/// 2× on its first runs (and a cuDNN algorithm search on CUDA), so groups are padded up to a bucket
/// instead of feeding every odd size. Sides beyond the largest bucket round up to a multiple of 256.
/// </summary>
public sealed class ShapeBuckets(IReadOnlyList<int> sides, IReadOnlyList<int> batches)
{
    public static readonly IReadOnlyList<int> DefaultSides = [256, 384, 512, 640, 720, 960, 1280, 1600, 1920];
    public static readonly IReadOnlyList<int> DefaultBatches = [1, 2, 4, 8, 16, 32, 64];

    public static ShapeBuckets Default { get; } = new(DefaultSides, DefaultBatches);

    public IReadOnlyList<int> Sides { get; } = Validate(sides);
    public IReadOnlyList<int> Batches { get; } = batches.Order().ToArray();

    public int BucketSide(int side)
    {
        foreach (var s in Sides)
            if (side <= s)
                return s;
        return (side + 255) / 256 * 256;
    }

    public (int Height, int Width) BucketFor(int height, int width) => (BucketSide(height), BucketSide(width));

    /// <summary>Smallest batch bucket ≥ n (n itself above the largest).</summary>
    public int BucketBatch(int n)
    {
        foreach (var b in Batches)
            if (n <= b)
                return b;
        return n;
    }

    /// <summary>The batch a pass of <paramref name="n"/> items is fed: its bucket when padding, else n.</summary>
    public int PassBatch(int n, bool padBatch) => padBatch ? BucketBatch(n) : n;

    /// <summary>Every batch a pass of 1 to <paramref name="limit"/> items can be fed, smallest first.</summary>
    public IReadOnlyList<int> PassBatches(int limit, bool padBatch) =>
        Enumerable.Range(1, Math.Max(1, limit)).Select(n => PassBatch(n, padBatch)).Distinct().ToArray();

    /// <summary>
    /// The batch a head pass of <paramref name="faces"/> crops (at most <paramref name="maxHeadBatch"/>) is fed: padded
    /// to its bucket, but never beyond the largest head pass the budget counts.
    /// </summary>
    public int HeadBatch(int faces, int maxHeadBatch, bool padBatch) =>
        padBatch ? Math.Min(BucketBatch(faces), Math.Max(faces, maxHeadBatch)) : faces;

    /// <summary>
    /// The largest work size a box takes, as (short side, long side): the box holds a work size in either orientation
    /// when its long side fits the box's long side and its short side the box's short side, and no work size has a
    /// short side above <see cref="WorkSize.MaxShortSide"/> (the engine caps it first). Its bucket shape is the costliest
    /// item of the box whichever way round it comes.
    /// </summary>
    public static (int Short, int Long) LargestWorkSize(int boxWidth, int boxHeight) =>
        (Math.Min(Math.Min(boxWidth, boxHeight), WorkSize.MaxShortSide), Math.Max(boxWidth, boxHeight));

    /// <summary>
    /// Every bucketed bg input shape (H, W) of a work size the box takes (either orientation, short side capped):
    /// each side any bucket up to the long side's, and at least one of them a bucket up to the short side's.
    /// </summary>
    public IReadOnlyList<(int Height, int Width)> InputShapesWithin(int boxWidth, int boxHeight)
    {
        var (shortSide, longSide) = LargestWorkSize(boxWidth, boxHeight);
        var upToLong = SidesUpTo(longSide);
        var upToShort = SidesUpTo(shortSide);
        return upToShort.SelectMany(s => upToLong.SelectMany(l => new[] { (s, l), (l, s) }))
            .Distinct()
            .OrderBy(shape => shape.Item1).ThenBy(shape => shape.Item2)
            .ToArray();
    }

    /// <summary>
    /// Every bg input shape [N, H, W] a group of at most <paramref name="groupLimit"/> items of work sizes inside the
    /// box (either orientation) can feed the net on a device that buckets the spatial shape: one pass per distinct
    /// item shape, of at most <paramref name="groupLimit"/> items, padded when <paramref name="padBatch"/>.
    /// </summary>
    public IReadOnlyList<NetShape> BackgroundPassShapes(int boxWidth, int boxHeight, int groupLimit, bool padBatch) =>
        InputShapesWithin(boxWidth, boxHeight)
            .SelectMany(shape => PassBatches(groupLimit, padBatch).Select(n => new NetShape(n, shape.Height, shape.Width)))
            .ToArray();

    /// <summary>The distinct buckets of the sides 1..<paramref name="side"/>, each padded to 16 first (smallest first).</summary>
    private int[] SidesUpTo(int side) =>
        Enumerable.Range(1, WorkSize.PadTo16(side) / 16).Select(k => BucketSide(k * 16)).Distinct().ToArray();

    private static int[] Validate(IReadOnlyList<int> sides)
    {
        var sorted = sides.Order().ToArray();
        if (sorted.Length == 0 || sorted.Any(s => s <= 0 || s % 16 != 0))
            throw new ArgumentException("Bucket sides must be positive multiples of 16 (DCT-Net pads to 16).", nameof(sides));
        return sorted;
    }
}
