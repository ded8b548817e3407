namespace Cartoon.Engine.Batching;

/// <summary>
/// A kind of group the host will hand the engine: items whose work sizes fit the box (either orientation), at most
/// <paramref name="GroupLimit"/> of them. A worker has one per size tier.
/// </summary>
public readonly record struct GroupBox(int MaxWidth, int MaxHeight, int GroupLimit);
