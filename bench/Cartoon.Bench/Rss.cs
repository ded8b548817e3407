namespace Cartoon.Bench;

/// <summary>Resident memory of a process from /proc/&lt;pid&gt;/status (VmRSS now, VmHWM its peak).</summary>
internal static class Rss
{
    private const double MiB = 1024 * 1024;

    /// <summary>This process's resident memory now, MiB.</summary>
    public static double CurrentMiB() => ProcStatus.Bytes(Environment.ProcessId, "VmRSS:") / MiB;

    /// <summary>This process's peak resident memory, MiB.</summary>
    public static double PeakMiB() => ProcStatus.Bytes(Environment.ProcessId, "VmHWM:") / MiB;
}
