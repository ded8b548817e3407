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

    private static int[] Validate(IReadOnlyList<int> sides)
    {
        var sorted = sides.Order().ToArray();
        if (sorted.Length == 0 || sorted.Any(s => s <= 0 || s % 16 != 0))
            throw new ArgumentException("Bucket sides must be positive multiples of 16 (DCT-Net pads to 16).", nameof(sides));
        return sorted;
    }
}
