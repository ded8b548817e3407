using System.Globalization;

namespace Cartoon.Tests.Shared.Stack;

/// <summary>Size fields of /proc/&lt;pid&gt;/status (VmRSS now, VmHWM its peak).</summary>
public static class ProcStatus
{
    /// <summary>A size field ("VmRSS:") of the process's status in bytes; 0 when the process is gone.</summary>
    public static long Bytes(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
