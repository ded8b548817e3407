namespace Cartoon.Worker.Hardware;

/// <summary>What the machine offers a worker: the seam between tier sizing and NVML, /proc and the cgroup files.</summary>
public interface IHardwareProbe
{
    /// <summary>Total memory of CUDA device <paramref name="deviceId"/>, or null (with <paramref name="whyNot"/>) where it cannot be read.</summary>
    long? GpuMemoryBytes(int deviceId, out string? whyNot);

    /// <summary>Host memory this process may use (cgroup-aware).</summary>
    HostMemory HostMemory();

    /// <summary>Cores this process may use.</summary>
    int Cores { get; }
}
