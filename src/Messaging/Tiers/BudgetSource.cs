namespace Cartoon.Messaging.Tiers;

/// <summary>Where a worker's memory budget came from (the "source" label of cartoon_memory_budget_bytes).</summary>
public enum BudgetSource
{
    /// <summary>Tiers:MemoryBudgetBytes was set: it always wins.</summary>
    Configured,

    /// <summary>The CUDA card's total memory read through NVML, less head-room.</summary>
    Nvml,

    /// <summary>A CPU worker: host memory (the cgroup limit where one is set) less head-room.</summary>
    Host,

    /// <summary>Nothing could be read (no NVML) or no engine runs here: <see cref="TierOptions.FallbackMemoryBudgetBytes"/>.</summary>
    Fallback,
}
