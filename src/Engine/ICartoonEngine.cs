using Cartoon.Engine.Faces;
using Cartoon.Engine.Imaging;

namespace Cartoon.Engine;

/// <summary>The DCT-Net pipeline with resident models: one call cartoonizes a whole group.</summary>
public interface ICartoonEngine
{
    /// <summary>"cuda:0" or "cpu".</summary>
    string Device { get; }

    IReadOnlyCollection<string> LoadedStyles { get; }

    /// <summary>
    /// Runs ONE bg pass per style present over all items of that style (padded to a common bucket shape)
    /// and ONE head pass over all their faces (split only above the configured maximum head batch).
    /// Never throws for a bad item: it comes back failed with its reason while its neighbours succeed.
    /// Items with <see cref="CartoonRequest.Faces"/> skip detection and use those.
    /// </summary>
    Task<CartoonGroupResult> CartoonizeAsync(IReadOnlyList<CartoonRequest> items, CancellationToken cancellationToken = default) =>
        CartoonizeAsync(items, null, cancellationToken);

    /// <summary>As above; <paramref name="stages"/> is told as the group enters each <see cref="GroupStage"/>, on the engine's thread (keep it short).</summary>
    Task<CartoonGroupResult> CartoonizeAsync(IReadOnlyList<CartoonRequest> items, Action<GroupStage>? stages, CancellationToken cancellationToken = default);

    /// <summary>
    /// Face detection alone over decoded frames (e.g. a chunk of a video's), with the detector, detection sizes,
    /// threshold and face cap a group call uses for an item of <paramref name="detail"/>, batched: same-size frames
    /// share one detector pass where the engine batches its passes. Each frame's faces are in that frame's own pixels,
    /// largest first, ready for <see cref="CartoonRequest.Faces"/> (directly, or smoothed by a tracker first).
    /// </summary>
    /// <exception cref="ImageRejectedException">A frame beyond the engine's pixel or side limits.</exception>
    Task<IReadOnlyList<IReadOnlyList<DetectedFace>>> DetectFacesAsync(IReadOnlyList<PixelBuffer> frames, Detail detail = Detail.Standard,
        CancellationToken cancellationToken = default);
}
