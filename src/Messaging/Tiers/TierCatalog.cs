using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Microsoft.Extensions.Options;

namespace Cartoon.Messaging.Tiers;

/// <summary>Resolves an item's tier (gateway) and each tier's group size (worker).</summary>
public sealed class TierCatalog
{
    private readonly TierOptions _options;

    /// <param name="cpu">The engine planning these groups runs on the CPU (the default group cap differs, see <see cref="TierOptions.MaxGroupSize"/>);
    /// false where no engine runs (a distributed gateway only routes). The budget is the configured one or the fallback.</param>
    public TierCatalog(IOptions<TierOptions> options, EngineSizing engine, bool cpu = false)
        : this(options, engine, TierSizing.Fixed(options.Value, cpu))
    {
    }

    /// <param name="sizing">The budget and default cap this process found (<see cref="TierSizingResolver"/>).</param>
    public TierCatalog(IOptions<TierOptions> options, EngineSizing engine, TierSizing sizing)
    {
        _options = options.Value;
        Sizing = sizing;
        GroupSizeCap = _options.MaxGroupSize ?? sizing.DefaultGroupCap;
        Engine = engine;
        var ordered = _options.Sizes.OrderBy(t => (long)t.MaxWidth * t.MaxHeight).ToArray();
        _sizes = ordered.Select((t, i) => Plan(t, largest: i == ordered.Length - 1, engine)).ToArray();
        HighDetail = HighDetailPlan(engine);
        Plans = [.. _sizes, HighDetail];
    }

    private readonly TierPlan[] _sizes;

    /// <summary>Every tier: the size tiers, smallest first, then <see cref="HighDetail"/>.</summary>
    public IReadOnlyList<TierPlan> Plans { get; }

    /// <summary>The size tiers (Tiers:Sizes), smallest first.</summary>
    public IReadOnlyList<TierPlan> SizeTiers => _sizes;

    /// <summary>The tier of detail=high items (<see cref="TierOptions.HighDetailTier"/>).</summary>
    public TierPlan HighDetail { get; }

    /// <summary>What the plans were made from; <see cref="EngineSizing.PlanFor"/> gives an item's work size.</summary>
    public EngineSizing Engine { get; }

    /// <summary>The memory budget the plans were made for, and where it came from.</summary>
    public TierSizing Sizing { get; }

    /// <summary>The cap on every tier's group: Tiers:MaxGroupSize, or the device's default when it is not set.</summary>
    public int GroupSizeCap { get; }

    /// <summary>The tier of this name, or null.</summary>
    public TierPlan? Find(string? name) => Plans.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>The tier of an item of this planned detail: <see cref="HighDetail"/>, or the size tier of its work size.</summary>
    public TierPlan Resolve(DetailPlan plan) => plan.Detail == Detail.High ? HighDetail : Resolve(plan.WorkWidth, plan.WorkHeight);

    /// <summary>The smallest size tier whose box holds the work size (either orientation); the largest size tier otherwise.</summary>
    public TierPlan Resolve(int workWidth, int workHeight)
    {
        foreach (var plan in _sizes)
        {
            var fits = (workWidth <= plan.MaxWidth && workHeight <= plan.MaxHeight)
                       || (workHeight <= plan.MaxWidth && workWidth <= plan.MaxHeight);
            if (fits)
                return plan;
        }
        return _sizes[^1];
    }

    /// <summary>
    /// The costliest work size a tier can receive, as (width, height): its box's largest, whichever way round it comes
    /// (<see cref="Resolve"/> takes both orientations). The largest tier also takes every item beyond all the boxes,
    /// whose long side is bounded only by the engine's input limit.
    /// </summary>
    public static (int Width, int Height) CostliestWorkSize(int maxWidth, int maxHeight, bool largest, int maxInputSide)
    {
        var (shortSide, longSide) = ShapeBuckets.LargestWorkSize(maxWidth, maxHeight);
        return largest
            ? (Math.Max(longSide, maxInputSide), WorkSize.MaxShortSide)
            : (longSide, shortSide);
    }

    /// <summary>
    /// Planned for the costliest high-detail item: its short side at the engine's cap and its long side at the input
    /// limit, so the most tiles; n items put n × that many tiles into their group's pass.
    /// </summary>
    private TierPlan HighDetailPlan(EngineSizing engine)
    {
        var options = engine.Engine ?? new EngineOptions();
        var costliest = engine.PlanFor(engine.MaxInputSide, Math.Min(options.HighDetailShortSide, engine.MaxInputSide), Detail.High);
        var cost = engine.CostModel;
        var limit = Math.Min(cost.MaxGroupSize(costliest, Sizing.BudgetBytes, engine.MaxHeadBatch), GroupSizeCap);
        var name = _options.HighDetailTier;
        return new TierPlan(name, $"{_options.QueuePrefix}-{name}", costliest.WorkWidth, costliest.WorkHeight, limit, cost.BytesForPlan(costliest),
            cost.EstimateGroupBytes(Enumerable.Repeat(costliest, limit), engine.MaxHeadBatch));
    }

    private TierPlan Plan(SizeTier tier, bool largest, EngineSizing engine)
    {
        var cost = engine.CostModel;
        var (w, h) = CostliestWorkSize(tier.MaxWidth, tier.MaxHeight, largest, engine.MaxInputSide);
        var byMemory = cost.MaxGroupSize(w, h, Sizing.BudgetBytes, engine.MaxHeadBatch);
        var limit = Math.Min(byMemory, GroupSizeCap);
        var perItem = cost.BytesForItem(w, h);
        return new TierPlan(tier.Name, $"{_options.QueuePrefix}-{tier.Name}", tier.MaxWidth, tier.MaxHeight, limit, perItem,
            cost.GroupBytes(limit, perItem, engine.MaxHeadBatch));
    }
}
