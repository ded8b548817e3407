using Cartoon.Engine;
using Cartoon.Engine.Batching;

namespace Cartoon.Processing.Tiers;

/// <summary>
/// What planning the tiers takes from the engine: its memory cost model (buckets, batch padding), its largest head
/// pass, and the longest side an input may have: the largest tier also takes every item beyond all the boxes.
/// </summary>
public sealed record EngineSizing(MemoryCostModel CostModel, int MaxHeadBatch, int MaxInputSide)
{
    public static EngineSizing From(MemoryCostModel costModel, EngineOptions engine) =>
        new(costModel, engine.MaxHeadBatch, engine.MaxInputSide);
}
