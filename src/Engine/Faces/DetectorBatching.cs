namespace Cartoon.Engine.Faces;

/// <summary>
/// How the detector batches images of one scaled size: at most <see cref="MaxImages"/> per pass, each pass fed as
/// <see cref="BatchOf"/> images (a bucketed batch on CUDA, where every new batch size costs an algorithm search).
/// </summary>
public sealed record DetectorBatching(int MaxImages, Func<int, int> BatchOf)
{
    /// <summary>One image per pass: the still-image path, and the CPU default (batching saves no compute there).</summary>
    public static DetectorBatching Single { get; } = new(1, n => n);
}
