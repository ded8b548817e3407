using System.Globalization;

namespace Cartoon.Bench;

/// <summary>Resident memory of a process from /proc/&lt;pid&gt;/status (VmRSS now, VmHWM its peak).</summary>
internal static class Rss
{
    private const double MiB = 1024 * 1024;

    /// <summary>This process's resident memory now, MiB.</summary>
    public static double CurrentMiB() => Bytes(Environment.ProcessId, "VmRSS:") / MiB;

    /// <summary>This process's peak resident memory, MiB.</summary>
    public static double PeakMiB() => Bytes(Environment.ProcessId, "VmHWM:") / MiB;

    /// <summary>A size field of /proc/&lt;pid&gt;/status in bytes; 0 when the process is gone.</summary>
    public static long Bytes(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
