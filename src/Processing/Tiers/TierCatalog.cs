using Cartoon.Engine.Batching;
using Microsoft.Extensions.Options;

namespace Cartoon.Processing.Tiers;

/// <summary>A tier with its group limit, derived once from the cost model and the budget.</summary>
public sealed record TierPlan(string Name, string QueueName, int MaxWidth, int MaxHeight, int GroupLimit, long BytesPerItem, long GroupBytes);

/// <summary>Resolves an item's tier (gateway) and each tier's group size (worker).</summary>
public sealed class TierCatalog
{
    private readonly TierOptions _options;

    /// <param name="cpu">The engine planning these groups runs on the CPU (the default group cap differs, see <see cref="TierOptions.MaxGroupSize"/>);
    /// false where no engine runs (a distributed gateway only routes). The budget is the configured one or the fallback.</param>
    public TierCatalog(IOptions<TierOptions> options, MemoryCostModel costModel, int maxHeadBatch, bool cpu = false)
        : this(options, costModel, maxHeadBatch, TierSizing.Fixed(options.Value, cpu))
    {
    }

    /// <param name="sizing">The budget and default cap this process found (<see cref="TierSizingResolver"/>).</param>
    public TierCatalog(IOptions<TierOptions> options, MemoryCostModel costModel, int maxHeadBatch, TierSizing sizing)
    {
        _options = options.Value;
        Sizing = sizing;
        GroupSizeCap = _options.MaxGroupSize ?? sizing.DefaultGroupCap;
        Plans = _options.Sizes
            .OrderBy(t => (long)t.MaxWidth * t.MaxHeight)
            .Select(t => Plan(t, costModel, maxHeadBatch))
            .ToArray();
    }

    public IReadOnlyList<TierPlan> Plans { get; }

    /// <summary>The memory budget the plans were made for, and where it came from.</summary>
    public TierSizing Sizing { get; }

    /// <summary>The cap on every tier's group: Tiers:MaxGroupSize, or the device's default when it is not set.</summary>
    public int GroupSizeCap { get; }

    /// <summary>The tier of this name, or null.</summary>
    public TierPlan? Find(string? name) => Plans.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>The smallest tier whose box holds the work size (either orientation); the largest tier otherwise.</summary>
    public TierPlan Resolve(int workWidth, int workHeight)
    {
        foreach (var plan in Plans)
        {
            var fits = (workWidth <= plan.MaxWidth && workHeight <= plan.MaxHeight)
                       || (workHeight <= plan.MaxWidth && workWidth <= plan.MaxHeight);
            if (fits)
                return plan;
        }
        return Plans[^1];
    }

    private TierPlan Plan(SizeTier tier, MemoryCostModel costModel, int maxHeadBatch)
    {
        var byMemory = costModel.MaxGroupSize(tier.MaxWidth, tier.MaxHeight, Sizing.BudgetBytes, maxHeadBatch);
        var limit = Math.Min(byMemory, GroupSizeCap);
        var perItem = costModel.BytesForItem(tier.MaxWidth, tier.MaxHeight);
        var groupBytes = costModel.Options.FixedBytes + limit * perItem + costModel.HeadPassBytes(maxHeadBatch);
        return new TierPlan(tier.Name, $"{_options.QueuePrefix}-{tier.Name}", tier.MaxWidth, tier.MaxHeight, limit, perItem, groupBytes);
    }
}
