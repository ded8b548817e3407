using Cartoon.Worker.Hardware;

namespace Cartoon.Worker.Tests;

/// <summary>A machine described by its numbers: the seam that lets tier sizing be checked for cards this machine lacks.</summary>
internal sealed class GivenHardware(long? gpuBytes = null, long hostBytes = 16L << 30, int cores = 2, string? whyNoGpu = null) : IHardwareProbe
{
    public int GpuReads { get; private set; }

    public long? GpuMemoryBytes(int deviceId, out string? whyNot)
    {
        GpuReads++;
        whyNot = gpuBytes is null ? whyNoGpu ?? "libnvidia-ml.so.1: cannot open shared object file" : null;
        return gpuBytes;
    }

    public HostMemory HostMemory() => new(hostBytes, "given");

    public int Cores => cores;
}
