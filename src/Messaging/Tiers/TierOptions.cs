using System.ComponentModel.DataAnnotations;

namespace Cartoon.Messaging.Tiers;

/// <summary>
/// Items are routed by work size (known at submit from the image header) to a size tier; each tier's queue is
/// consumed in groups whose message limit comes from the engine's cost model and this memory budget.
/// Bound from configuration section "Tiers".
/// </summary>
public sealed class TierOptions
{
    public const string Section = "Tiers";

    /// <summary>
    /// Device memory a group may use. Unset (default): sized from the hardware at start, the GPU's total through NVML or
    /// a CPU worker's host memory, less head-room (<see cref="TierSizingRules"/>); set, it always wins.
    /// </summary>
    [Range(TierSizingRules.MinimumBudgetBytes, long.MaxValue)]
    public long? MemoryBudgetBytes { get; set; }

    /// <summary>
    /// The budget where the hardware cannot be read (a CUDA worker without NVML) or no engine runs (a gateway that only
    /// routes): a 16 GB T4 (15 GiB usable) less 1 GiB, the smallest card the workers are sized for.
    /// </summary>
    public const long FallbackMemoryBudgetBytes = 14L * 1024 * 1024 * 1024;

    /// <summary>
    /// How long a group waits for its next message, counted from the last one that arrived, before it runs what has
    /// arrived (a full group runs at once). A job's items are sent together and arrive within milliseconds, and a busy
    /// queue fills groups from the prefetch, so the wait only ever delays the last items of a quiet queue: it is added
    /// to every small job's latency (docs/benchmarks.md, "Whole path").
    /// </summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Groups in flight per tier endpoint on one worker. The engine runs one group's passes at a time; with 2, a second
    /// group fetches and decodes its inputs during the first one's passes and runs as soon as they end, and the first
    /// one stores its results and publishes during the second one's passes. It doubles what the computed consume timeout
    /// counts as possibly ahead of a group (see WorkerOptions), hence 1 by default.
    /// </summary>
    [Range(1, 8)]
    public int ConcurrencyLimit { get; set; } = 1;

    /// <summary>Default <see cref="MaxGroupSize"/> of a worker whose engine runs on a GPU.</summary>
    public const int GpuMaxGroupSize = 16;

    /// <summary>
    /// Default <see cref="MaxGroupSize"/> of a CPU worker where the cores are not counted (<see cref="TierSizing.Fixed"/>).
    /// ONNX Runtime already spreads one image over every core, so a bigger group buys no net throughput there and every
    /// item of it waits for the whole group: the group-size sweep (docs/benchmarks.md, section 5) measured 2 as the best
    /// or near-best images/s at 512² and 720² on 2 cores. A worker counts its cores (<see cref="TierSizingRules.CpuGroupCap"/>).
    /// </summary>
    public const int CpuMaxGroupSize = 2;

    /// <summary>
    /// Upper bound on a group regardless of memory (latency of the last item of a group grows with it). Unset: by the
    /// worker's device, <see cref="GpuMaxGroupSize"/> on a GPU, one per core up to 8 on the CPU (<see cref="TierSizing.DefaultGroupCap"/>).
    /// </summary>
    [Range(1, 256)]
    public int? MaxGroupSize { get; set; }

    /// <summary>Queue name prefix; a tier's queue is "{prefix}-{tier}".</summary>
    [Required]
    public string QueuePrefix { get; set; } = "cartoonize";

    /// <summary>
    /// The tier of every detail=high item, whatever its size: its bg net runs on tiles, so its cost is its tile count
    /// (the plan is made for the costliest such item, <see cref="TierCatalog"/>), and it never slows the size tiers'
    /// groups down. Its queue is "{prefix}-{name}" like the others.
    /// </summary>
    [Required, RegularExpression("^[a-z0-9]{1,16}$")]
    public string HighDetailTier { get; set; } = "hd";

    /// <summary>Tiers by the largest work size (the bucketed padded shape) they accept, smallest first.</summary>
    public List<SizeTier> Sizes { get; set; } =
    [
        new() { Name = "s", MaxWidth = 512, MaxHeight = 512 },
        new() { Name = "m", MaxWidth = 960, MaxHeight = 960 },
        new() { Name = "l", MaxWidth = 1280, MaxHeight = 1280 },
        new() { Name = "xl", MaxWidth = 4096, MaxHeight = 4096 },
    ];
}

