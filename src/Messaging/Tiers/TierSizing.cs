namespace Cartoon.Messaging.Tiers;

/// <summary>
/// What this process sizes its tiers' groups from: the memory one group may use and the group cap that applies when
/// Tiers:MaxGroupSize is unset. Resolved once at start (<see cref="TierSizingResolver"/>), logged and published.
/// </summary>
/// <param name="DeviceMemoryBytes">The card's total (GPU) or the host memory the process may use (CPU); null where unread.</param>
/// <param name="Detail">How the budget was arrived at, for the start-up log.</param>
public sealed record TierSizing(long BudgetBytes, BudgetSource Source, int DefaultGroupCap, long? DeviceMemoryBytes, string Detail)
{
    /// <summary>
    /// Sizing without looking at the machine: the configured budget, else the fallback, and the default cap of the
    /// device as measured (16 on a GPU, 2 on the 2-core CPU of the group-size sweep).
    /// </summary>
    public static TierSizing Fixed(TierOptions options, bool cpu)
    {
        var cap = cpu ? TierOptions.CpuMaxGroupSize : TierOptions.GpuMaxGroupSize;
        return options.MemoryBudgetBytes is { } configured
            ? new TierSizing(configured, BudgetSource.Configured, cap, null, "Tiers:MemoryBudgetBytes")
            : new TierSizing(TierOptions.FallbackMemoryBudgetBytes, BudgetSource.Fallback, cap, null, "fixed fallback (a 16 GB T4 less 1 GiB)");
    }

    /// <summary>Where no engine runs (a gateway that only routes, whose group limits nobody uses): nothing is read.</summary>
    public static TierSizing ForRouting(TierOptions options)
    {
        var routing = Fixed(options, cpu: false);
        return routing with { Detail = "no engine in this process: " + routing.Detail };
    }
}
