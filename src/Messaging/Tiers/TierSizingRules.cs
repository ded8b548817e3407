namespace Cartoon.Messaging.Tiers;

/// <summary>
/// How a worker turns the memory and cores it finds into a budget and a default group cap (docs/operate.md,
/// "Tier sizing"). The budget is what groups may fill: the cost model's own fixed part (CUDA context, weights, cuDNN
/// handles) and its per-item safety factor are counted inside it, so the head-room here is only for what the cost model
/// cannot see.
/// </summary>
public static class TierSizingRules
{
    private const long GiB = 1024L * 1024 * 1024;

    /// <summary>The smallest budget Tiers:MemoryBudgetBytes accepts; a detected one is never set below it.</summary>
    public const long MinimumBudgetBytes = 256L * 1024 * 1024;

    /// <summary>Largest default CPU group: the largest the group-size sweep measured (docs/benchmarks.md, section 5).</summary>
    public const int CpuGroupCapCeiling = 8;

    /// <summary>
    /// A card's budget: its NVML total less max(1 GiB, 5 %). The 1 GiB covers what the driver reserves (NVML counts it in
    /// the total) and other processes on the card, and keeps a 16 GB T4 (15360 MiB) at the former fixed default of
    /// 14 GiB. The 5 % grows with the card because ONNX Runtime's CUDA arena keeps freed chunks: after groups of
    /// different bucket shapes it holds more than the largest group's live set, and the more it holds the more it
    /// loses that way (the cost model's safety factor covers one group, not that drift; not measured on a card yet).
    /// </summary>
    public static long GpuBudget(long totalBytes) => Math.Max(MinimumBudgetBytes, totalBytes - Math.Max(GiB, totalBytes / 20));

    /// <summary>
    /// A CPU worker's budget: its memory less max(1 GiB, 25 %). On the CPU the groups' activations share memory with
    /// what a GPU worker keeps on the host anyway: the managed heap, the encoded and decoded images of the groups in
    /// flight and prefetched, and the pages glibc keeps after they are freed (docs/operate.md, MALLOC_* settings).
    /// </summary>
    public static long HostBudget(long memoryBytes) => Math.Max(MinimumBudgetBytes, memoryBytes - Math.Max(GiB, memoryBytes / 4));

    /// <summary>
    /// A CPU worker's default group cap: one item per core, at most <see cref="CpuGroupCapCeiling"/>. The nets already
    /// spread one image over every core, so what a group gains on the CPU is its decode and compose stages, which run
    /// one item per core; past the core count a group only makes its items wait for each other. The 2-core sweep
    /// agrees: 2 was the best or near-best, 4 and 8 only slower.
    /// </summary>
    public static int CpuGroupCap(int cores) => Math.Clamp(cores, 1, CpuGroupCapCeiling);
}
