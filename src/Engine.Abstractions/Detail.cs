namespace Cartoon.Engine;

/// <summary>How many pixels the nets see of an item (see <see cref="Batching.DetailPlan"/>). A group may mix both.</summary>
public enum Detail
{
    /// <summary>DCT-Net's own pipeline: short side capped at 720, one bg input per item, faces found at 640 px.</summary>
    Standard,

    /// <summary>
    /// Short side capped at <see cref="EngineOptions.HighDetailShortSide"/>, the bg net run on overlapping tiles of
    /// <see cref="EngineOptions.TileSide"/> blended across their seams, faces also looked for at
    /// <see cref="EngineOptions.HighDetailDetectLongSide"/>: a large photo comes out less upscaled, at a few times the cost.
    /// </summary>
    High,
}
