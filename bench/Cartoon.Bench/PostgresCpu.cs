using System.Globalization;

namespace Cartoon.Bench;

/// <summary>
/// CPU seconds used by every PostgreSQL process on the machine (postmaster, one backend per pooled connection, the
/// writers) between <see cref="Start"/> and <see cref="Stop"/>. A backend that exits in between takes its time with it;
/// the gateways keep pooled connections open, so their backends live through a run.
/// </summary>
internal sealed class PostgresCpu
{
    private Dictionary<int, double> _start = [];

    public void Start() => _start = Snapshot();

    public double Stop() => Snapshot().Sum(p => p.Value - _start.GetValueOrDefault(p.Key));

    private static Dictionary<int, double> Snapshot()
    {
        var result = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "postgres")
                    result[pid] = CpuMeter.CpuSeconds(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // gone between the listing and the read
            }
        }
        return result;
    }
}
