namespace Cartoon.Engine.Batching;

/// <summary>
/// The groups a host forms, registered by the worker (its size tiers) so that the engine's start-up warm-up covers the
/// shapes they feed the nets. Without it the engine warms <see cref="EngineOptions.WarmUpShapes"/>.
/// </summary>
public sealed class WarmUpGroups(IReadOnlyList<GroupBox> boxes)
{
    public IReadOnlyList<GroupBox> Boxes { get; } = boxes;
}
