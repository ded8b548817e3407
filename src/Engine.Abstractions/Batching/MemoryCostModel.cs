namespace Cartoon.Engine.Batching;

/// <summary>
/// Device memory one group needs, from measured per-pixel activation costs of the DCT-Net generator.
/// A group runs one bg pass per distinct item shape, each of its items at their bucket shape and, when
/// <see cref="PadBatch"/>, its batch padded up to a batch bucket; the head pass is bounded separately by the maximum
/// head batch. So the largest group is the largest n whose padded pass of the costliest item still fits
/// (budget - head pass - fixed). A <see cref="Detail.High"/> item costs its tiles: each is one input of its group's pass
/// of that tile shape (<see cref="DetailPlan"/>). How the constants were measured: docs/benchmarks.md ("Memory cost model").
/// </summary>
/// <param name="padBatch">Whether the engine pads a pass's batch to a bucket (<see cref="EngineOptions.PadBatchToBucket"/>):
/// then a pass of 11 items costs 16.</param>
public sealed class MemoryCostModel(MemoryCostOptions options, ShapeBuckets buckets, bool padBatch)
{
    // An item is costed at its bucket shape whatever Engine:BackgroundShape says: an exact shape is never larger.
    private readonly BackgroundShapes _bucketed = new(buckets, toBucket: true);

    public MemoryCostOptions Options { get; } = options;

    public ShapeBuckets Buckets { get; } = buckets;

    /// <summary>A pass of n items is fed <see cref="ShapeBuckets.BucketBatch"/>(n) images, the padding included.</summary>
    public bool PadBatch { get; } = padBatch;

    /// <summary>Bytes one image of this bg input shape adds to a pass (input tensor + activations).</summary>
    public long BytesForShape(int height, int width) =>
        (long)Math.Ceiling((double)height * width * Options.BytesPerPixel * Options.SafetyFactor);

    /// <summary>Bytes one item adds to the bg pass at its padded bucket shape.</summary>
    public long BytesForItem(int workWidth, int workHeight)
    {
        var (h, w) = _bucketed.For(workWidth, workHeight);
        return BytesForShape(h, w);
    }

    /// <summary>
    /// Bytes one bg input of a planned item adds to its pass, at its bucketed shape: a Standard item's work image, or
    /// one tile of a <see cref="Detail.High"/> item.
    /// </summary>
    public long BytesPerInput(DetailPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var (h, w) = _bucketed.For(plan);
        return BytesForShape(h, w);
    }

    /// <summary>
    /// Bytes one planned item adds to the bg passes, unpadded: its bucket shape (as <see cref="BytesForItem"/>), or a
    /// High item's tile count × one tile.
    /// </summary>
    public long BytesForPlan(DetailPlan plan) => plan.BackgroundInputs * BytesPerInput(plan);

    /// <summary>Bytes of one head pass of <paramref name="faces"/> 288² crops.</summary>
    public long HeadPassBytes(int faces) =>
        (long)Math.Ceiling((double)faces * 288 * 288 * Options.BytesPerPixel * Options.SafetyFactor);

    /// <summary>
    /// Largest group of items of this work size whose passes fit the budget (at least 1): with padding, a group whose
    /// padded batch would not fit is cut to the largest size whose padded batch does (11 → 8, never 11 padded to 16).
    /// </summary>
    public int MaxGroupSize(int workWidth, int workHeight, long budgetBytes, int maxHeadBatch)
    {
        var available = budgetBytes - Options.FixedBytes - HeadPassBytes(maxHeadBatch);
        var perItem = BytesForItem(workWidth, workHeight);
        var n = (int)Math.Clamp(available / perItem, 1, Options.MaxGroupSize);
        while (n > 1 && Buckets.PassBatch(n, PadBatch) * perItem > available)
            n--;
        return n;
    }

    /// <summary>
    /// <see cref="MaxGroupSize(int,int,long,int)"/> for items of one plan: a High item's tiles all go into its group's
    /// pass of that tile shape, so n items make a pass of n × tiles inputs (padded as any pass).
    /// </summary>
    public int MaxGroupSize(DetailPlan plan, long budgetBytes, int maxHeadBatch)
    {
        var available = budgetBytes - Options.FixedBytes - HeadPassBytes(maxHeadBatch);
        var perInput = BytesPerInput(plan);
        var inputs = plan.BackgroundInputs;
        var n = (int)Math.Clamp(available / (perInput * inputs), 1, Options.MaxGroupSize);
        while (n > 1 && Buckets.PassBatch(n * inputs, PadBatch) * perInput > available)
            n--;
        return n;
    }

    /// <summary>Estimated peak of a group of <paramref name="items"/> items all costing <paramref name="itemBytes"/> (one pass).</summary>
    public long GroupBytes(int items, long itemBytes, int maxHeadBatch) =>
        Options.FixedBytes + Buckets.PassBatch(Math.Max(1, items), PadBatch) * itemBytes + HeadPassBytes(maxHeadBatch);

    /// <summary>
    /// Estimated peak for a concrete group (used to log and to assert the budget holds): one bg pass per distinct
    /// bucket shape, each of its padded batch. The passes run one after another in one session, whose arena reuses the
    /// blocks a larger pass left (the CUDA warm-up runs the largest shapes first so that it has them), so the bg part
    /// is the largest pass, not their sum. On the CPU an item's exact shape is never larger than its bucket.
    /// </summary>
    public long EstimateGroupBytes(IEnumerable<(int Width, int Height)> workSizes, int maxHeadBatch) =>
        EstimateBytes(workSizes.Select(s => (Shape: _bucketed.For(s.Width, s.Height), Inputs: 1)), maxHeadBatch);

    /// <summary>
    /// <see cref="EstimateGroupBytes(IEnumerable{ValueTuple{int,int}},int)"/> for planned items, Standard and High mixed:
    /// one bg pass per distinct bucketed input shape, a High item adding each of its tiles to the pass of their shape.
    /// </summary>
    public long EstimateGroupBytes(IEnumerable<DetailPlan> plans, int maxHeadBatch) =>
        EstimateBytes(plans.Select(p => (Shape: _bucketed.For(p), Inputs: p.BackgroundInputs)), maxHeadBatch);

    private long EstimateBytes(IEnumerable<((int Height, int Width) Shape, int Inputs)> inputs, int maxHeadBatch)
    {
        var passes = inputs.GroupBy(i => i.Shape, i => i.Inputs).ToList();
        if (passes.Count == 0)
            return Options.FixedBytes;
        var bg = passes.Max(p => Buckets.PassBatch(p.Sum(), PadBatch) * BytesForShape(p.Key.Height, p.Key.Width));
        return Options.FixedBytes + bg + HeadPassBytes(maxHeadBatch);
    }
}
