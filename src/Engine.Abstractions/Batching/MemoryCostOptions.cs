namespace Cartoon.Engine.Batching;

/// <summary>The constants of <see cref="MemoryCostModel"/>, bound from "Engine:MemoryCost".</summary>
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

    public int MaxGroupSize { get; set; } = 64;
}
