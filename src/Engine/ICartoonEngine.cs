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
    /// </summary>
    Task<CartoonGroupResult> CartoonizeAsync(IReadOnlyList<CartoonRequest> items, CancellationToken cancellationToken = default) =>
        CartoonizeAsync(items, null, cancellationToken);

    /// <summary>As above; <paramref name="stages"/> is told as the group enters each <see cref="GroupStage"/>, on the engine's thread (keep it short).</summary>
    Task<CartoonGroupResult> CartoonizeAsync(IReadOnlyList<CartoonRequest> items, Action<GroupStage>? stages, CancellationToken cancellationToken = default);
}
