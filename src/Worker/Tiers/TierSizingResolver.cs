using System.Globalization;
using Cartoon.Messaging.Tiers;
using Cartoon.Worker.Hardware;

namespace Cartoon.Worker.Tiers;

/// <summary>
/// Resolves a process's <see cref="TierSizing"/> once at start: a configured Tiers:MemoryBudgetBytes always wins; else a
/// CUDA worker reads its card's total through NVML, a CPU worker its host memory and cores, and the budget follows
/// <see cref="TierSizingRules"/>. Where no engine runs (a gateway that only routes, whose group limits nobody uses),
/// nothing is read.
/// </summary>
public static class TierSizingResolver
{
    private const double MiB = 1024.0 * 1024.0;

    /// <param name="engineDevice">The engine's device ("cpu", "cuda:N"), or null where no engine runs in this process.</param>
    public static TierSizing Resolve(TierOptions options, string? engineDevice, int cudaDeviceId, IHardwareProbe hardware)
    {
        if (engineDevice is null)
            return TierSizing.ForRouting(options);

        return string.Equals(engineDevice, "cpu", StringComparison.Ordinal)
            ? ForCpu(options, hardware)
            : ForGpu(options, cudaDeviceId, hardware);
    }

    private static TierSizing ForCpu(TierOptions options, IHardwareProbe hardware)
    {
        var cores = hardware.Cores;
        var cap = TierSizingRules.CpuGroupCap(cores);
        var host = hardware.HostMemory();
        var found = Invariant($"{cores} cores, {host.Bytes / MiB:F0} MiB host memory ({host.Source})");
        if (options.MemoryBudgetBytes is { } configured)
            return new TierSizing(configured, BudgetSource.Configured, cap, host.Bytes, $"Tiers:MemoryBudgetBytes; {found}");
        var budget = TierSizingRules.HostBudget(host.Bytes);
        return new TierSizing(budget, BudgetSource.Host, cap, host.Bytes,
            Invariant($"{found} less max(1 GiB, 25 %); default group cap {cap} (one per core, at most {TierSizingRules.CpuGroupCapCeiling})"));
    }

    private static TierSizing ForGpu(TierOptions options, int cudaDeviceId, IHardwareProbe hardware)
    {
        var cap = TierOptions.GpuMaxGroupSize;
        var total = hardware.GpuMemoryBytes(cudaDeviceId, out var whyNot);
        if (options.MemoryBudgetBytes is { } configured)
        {
            var card = total is { } t ? Invariant($"card {t / MiB:F0} MiB") : $"card memory unread: {whyNot}";
            return new TierSizing(configured, BudgetSource.Configured, cap, total, $"Tiers:MemoryBudgetBytes; {card}");
        }
        if (total is null)
            return new TierSizing(TierOptions.FallbackMemoryBudgetBytes, BudgetSource.Fallback, cap, null,
                $"NVML could not read CUDA device {cudaDeviceId} ({whyNot}): fixed fallback (a 16 GB T4 less 1 GiB); set Tiers:MemoryBudgetBytes for this card");
        var budget = TierSizingRules.GpuBudget(total.Value);
        return new TierSizing(budget, BudgetSource.Nvml, cap, total,
            Invariant($"NVML: CUDA device {cudaDeviceId} has {total.Value / MiB:F0} MiB, less max(1 GiB, 5 %) = {(total.Value - budget) / MiB:F0} MiB head-room"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
