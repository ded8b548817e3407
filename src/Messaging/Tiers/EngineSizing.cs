using Cartoon.Engine;
using Cartoon.Engine.Batching;

namespace Cartoon.Messaging.Tiers;

/// <summary>
/// What planning the tiers takes from the engine: its memory cost model (buckets, batch padding), its largest head
/// pass, and the longest side an input may have: the largest tier also takes every item beyond all the boxes.
/// </summary>
/// <param name="Engine">The engine's options, for the work size and tiles of a detail=high item (<see cref="PlanFor"/>).</param>
public sealed record EngineSizing(MemoryCostModel CostModel, int MaxHeadBatch, int MaxInputSide, EngineOptions? Engine = null)
{
    public static EngineSizing From(MemoryCostModel costModel, EngineOptions engine) =>
        new(costModel, engine.MaxHeadBatch, engine.MaxInputSide, engine);

    /// <summary>What the engine will do with an image of this size and detail: its work size and bg inputs.</summary>
    public DetailPlan PlanFor(int width, int height, Detail detail) => DetailPlan.For(width, height, detail, Engine ?? new EngineOptions());
}
