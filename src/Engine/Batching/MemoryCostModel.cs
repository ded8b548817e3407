namespace Cartoon.Engine.Batching;

/// <summary>
/// Device memory one group needs, from measured per-pixel activation costs of the DCT-Net generator.
/// The bg pass over N items of a bucket shape dominates; the head pass is bounded separately by the
/// maximum head batch, so the largest group is (budget - head pass - fixed) / bytes per item.
/// How the constants were measured: docs/benchmarks.md ("Memory cost model").
/// </summary>
public sealed class MemoryCostModel(MemoryCostOptions options, ShapeBuckets buckets)
{
    public MemoryCostOptions Options { get; } = options;

    /// <summary>Bytes one item adds to the bg pass at its padded bucket shape (input tensor + activations).</summary>
    public long BytesForItem(int workWidth, int workHeight)
    {
        var (h, w) = buckets.BucketFor(workHeight, workWidth);
        return (long)Math.Ceiling((double)h * w * Options.BytesPerPixel * Options.SafetyFactor);
    }

    /// <summary>Bytes of one head pass of <paramref name="faces"/> 288² crops.</summary>
    public long HeadPassBytes(int faces) =>
        (long)Math.Ceiling((double)faces * 288 * 288 * Options.BytesPerPixel * Options.SafetyFactor);

    /// <summary>Largest group of items of this work size whose passes fit the budget (at least 1).</summary>
    public int MaxGroupSize(int workWidth, int workHeight, long budgetBytes, int maxHeadBatch)
    {
        var available = budgetBytes - Options.FixedBytes - HeadPassBytes(maxHeadBatch);
        var perItem = BytesForItem(workWidth, workHeight);
        return (int)Math.Clamp(available / perItem, 1, Options.MaxGroupSize);
    }

    /// <summary>Estimated peak for a concrete group (used to log and to assert the budget holds).</summary>
    public long EstimateGroupBytes(IEnumerable<(int Width, int Height)> workSizes, int maxHeadBatch)
    {
        var sizes = workSizes.ToList();
        if (sizes.Count == 0)
            return Options.FixedBytes;
        var h = sizes.Max(s => s.Height);
        var w = sizes.Max(s => s.Width);
        return Options.FixedBytes + sizes.Count * BytesForItem(w, h) + HeadPassBytes(maxHeadBatch);
    }
}

public sealed class MemoryCostOptions
{
    /// <summary>
    /// Peak activation bytes per input pixel of the generator (fp32, NHWC input included). Measured on an
    /// H200 with cuDNN 9.19: 505 B/px at 720², 500 B/px at 720×1280, 500 B/px for 288² heads; see docs/benchmarks.md.
    /// </summary>
    public double BytesPerPixel { get; set; } = 505;

    /// <summary>Head-room for allocator rounding and cuDNN workspaces.</summary>
    public double SafetyFactor { get; set; } = 1.3;

    /// <summary>CUDA context, weights of the resident styles, detector, cuDNN handles.</summary>
    public long FixedBytes { get; set; } = 1536L * 1024 * 1024;

    /// <summary>The default budget: a 16 GB T4 (15 GiB usable) minus 1 GiB head-room for other processes.</summary>
    public long BudgetBytes { get; set; } = 14L * 1024 * 1024 * 1024;

    public int MaxGroupSize { get; set; } = 64;
}
