using System.Runtime.InteropServices;

namespace Cartoon.Engine.Diagnostics;

/// <summary>
/// Device memory read through NVML (libnvidia-ml.so.1, shipped with the NVIDIA driver): used bytes for the gauge, the
/// card's total for sizing the tiers. <see cref="TryOpen"/> returns null where the library or the device is missing,
/// so the gauge is simply not published and the tiers fall back to a fixed budget.
/// </summary>
public sealed partial class NvmlMemory
{
    private const string Library = "libnvidia-ml.so.1";
    private readonly IntPtr _device;

    private NvmlMemory(IntPtr device) => _device = device;

    public static NvmlMemory? TryOpen(int deviceIndex, out string? whyNot)
    {
        try
        {
            var rc = nvmlInit_v2();
            if (rc != 0)
            {
                whyNot = $"nvmlInit_v2 returned {rc}";
                return null;
            }
            rc = nvmlDeviceGetHandleByIndex_v2((uint)deviceIndex, out var device);
            if (rc != 0)
            {
                whyNot = $"nvmlDeviceGetHandleByIndex_v2({deviceIndex}) returned {rc}";
                return null;
            }
            var memory = new NvmlMemory(device);
            if (memory.UsedBytes() is null)
            {
                whyNot = "nvmlDeviceGetMemoryInfo failed";
                return null;
            }
            whyNot = null;
            return memory;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            whyNot = ex.Message;
            return null;
        }
    }

    /// <summary>Used bytes now (all processes, and what the driver reserves), or null when NVML fails.</summary>
    public long? UsedBytes() => Read()?.Used is { } used ? (long)used : null;

    /// <summary>The card's memory as NVML reports it (e.g. 81559 MiB on an H100 80GB), or null when NVML fails.</summary>
    public long? TotalBytes() => Read()?.Total is { } total ? (long)total : null;

    private NvmlMemoryInfo? Read()
    {
        try
        {
            return nvmlDeviceGetMemoryInfo(_device, out var info) == 0 ? info : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlMemoryInfo
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [LibraryImport(Library)]
    private static partial int nvmlInit_v2();

    [LibraryImport(Library)]
    private static partial int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);

    [LibraryImport(Library)]
    private static partial int nvmlDeviceGetMemoryInfo(IntPtr device, out NvmlMemoryInfo memory);
}
