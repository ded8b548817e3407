namespace Cartoon.Engine.Batching;

/// <summary>
/// The bg input shape of one item, from its own work size only, never from the other items of its group: the bg net's
/// output near the padding depends on how much white surrounds the image, so padding an item up to a larger neighbour
/// changed its cartoon (SSIM 0.983 against the same photo alone). A group runs one bg pass per distinct shape.
/// Exact: DCT-Net's own right/bottom pad to a multiple of 16 (CPU default: no wasted compute, no shape to warm).
/// Bucket: the next bucket side, so a GPU sees a small fixed set of shapes (each new one costs a cuDNN algorithm search).
/// </summary>
public sealed class BackgroundShapes(ShapeBuckets buckets, bool toBucket)
{
    public bool ToBucket { get; } = toBucket;

    public (int Height, int Width) For(int workWidth, int workHeight)
    {
        var (height, width) = (WorkSize.PadTo16(workHeight), WorkSize.PadTo16(workWidth));
        return ToBucket ? buckets.BucketFor(height, width) : (height, width);
    }

    /// <summary>
    /// The shape of each bg input of a planned item: a Standard item's work image as above; a High item's tiles (see
    /// <see cref="DetailPlan"/>) the tile side along a side longer than a tile, and along a shorter one its pad to 16,
    /// or to its bucket but never beyond the tile side.
    /// </summary>
    public (int Height, int Width) For(DetailPlan plan) => plan.IsTiled
        ? (Extent(plan.TileHeight, plan.TileSide), Extent(plan.TileWidth, plan.TileSide))
        : For(plan.WorkWidth, plan.WorkHeight);

    private int Extent(int padded, int tileSide) =>
        ToBucket && padded < tileSide ? Math.Min(buckets.BucketSide(padded), tileSide) : padded;
}
