using Cartoon.Engine.Diagnostics;

namespace Cartoon.Worker.Hardware;

/// <summary>The real machine: NVML for the card, /proc and the cgroup files for the host.</summary>
public sealed class SystemHardwareProbe : IHardwareProbe
{
    public long? GpuMemoryBytes(int deviceId, out string? whyNot)
    {
        var nvml = NvmlMemory.TryOpen(deviceId, out whyNot);
        if (nvml?.TotalBytes() is { } total)
            return total;
        whyNot ??= "nvmlDeviceGetMemoryInfo failed";
        return null;
    }

    public HostMemory HostMemory() => Hardware.HostMemory.Read();

    /// <summary>Environment.ProcessorCount already honours the cgroup's CPU quota and the affinity mask.</summary>
    public int Cores => Environment.ProcessorCount;
}
