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
}
