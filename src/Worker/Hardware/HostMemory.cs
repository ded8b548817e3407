using System.Globalization;

namespace Cartoon.Worker.Hardware;

/// <summary>
/// Host memory this process may use: the container's cgroup limit where one is set (v2 memory.max, v1
/// memory.limit_in_bytes), else the machine's MemTotal. A CPU worker sizes its groups from it, because a pod limited to
/// 8 GiB on a 512 GiB node is killed at 8 GiB whatever /proc/meminfo says.
/// </summary>
public sealed record HostMemory(long Bytes, string Source)
{
    /// <summary>Reads the files under <paramref name="root"/> ("/" on a real host; a folder laid out the same way in tests).</summary>
    public static HostMemory Read(string root = "/")
    {
        var physical = MemTotal(Path.Combine(root, "proc", "meminfo"));
        var limits = new[]
        {
            (Path: Path.Combine(root, "sys", "fs", "cgroup", "memory.max"), Source: "cgroup v2 memory.max"),
            (Path: Path.Combine(root, "sys", "fs", "cgroup", "memory", "memory.limit_in_bytes"), Source: "cgroup v1 memory.limit_in_bytes"),
        };
        foreach (var (path, source) in limits)
        {
            // An unlimited cgroup reads "max" (v2) or a page-rounded long.MaxValue (v1): neither is below the machine's memory.
            if (CgroupLimit(path) is { } limit && (physical is null || limit < physical))
                return new HostMemory(limit, source);
        }
        if (physical is { } total)
            return new HostMemory(total, "/proc/meminfo MemTotal");
        // Not Linux, or /proc hidden: the runtime's own view (it honours cgroup limits too).
        return new HostMemory(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, "GC total available memory");
    }

    private static long? MemTotal(string path)
    {
        var line = ReadLines(path)?.FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        if (line is null)
            return null;
        // "MemTotal:       24683748 kB"
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib * 1024 : null;
    }

    private static long? CgroupLimit(string path)
    {
        var text = ReadLines(path)?.FirstOrDefault()?.Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0 ? bytes : null;
    }

    private static string[]? ReadLines(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
