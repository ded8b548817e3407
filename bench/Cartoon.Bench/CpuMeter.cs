using System.Globalization;

namespace Cartoon.Bench;

/// <summary>
/// CPU time (user + system, /proc/&lt;pid&gt;/stat) used by each process of the stack between <see cref="Start"/> and
/// <see cref="Stop"/>: where a benchmark's cores went (worker, gateway, RabbitMQ, s3rver, the load tool).
/// </summary>
internal sealed class CpuMeter
{
    private readonly List<(string Name, int Pid)> _processes = [];
    private Dictionary<string, double> _start = [];

    /// <summary>The broker and S3 server that scripts/services.sh started (their pid files under .local/), when found.</summary>
    public CpuMeter WithServices()
    {
        var local = Path.Combine(TestPaths.RepoRoot, ".local");
        foreach (var (name, file) in new[] { ("rabbitmq", "rabbitmq/rabbitmq.pid"), ("s3rver", "s3/s3rver.pid") })
        {
            var path = Path.Combine(local, file);
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out var pid))
                _processes.Add((name, pid));
        }
        return this;
    }

    public CpuMeter With(string name, int pid)
    {
        _processes.Add((name, pid));
        return this;
    }

    public void Start() => _start = Snapshot();

    /// <summary>CPU seconds per process since <see cref="Start"/>.</summary>
    public IReadOnlyList<(string Name, double Seconds)> Stop()
    {
        var end = Snapshot();
        return _processes.Select(p => (p.Name, end.GetValueOrDefault(p.Name) - _start.GetValueOrDefault(p.Name))).ToList();
    }

    private Dictionary<string, double> Snapshot() => _processes.ToDictionary(p => p.Name, p => CpuSeconds(p.Pid));

    /// <summary>User + system CPU seconds of a process so far; 0 when it is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            // Fields after the ")" closing the command name: state is field 3, utime 14 and stime 15 (clock ticks, 100/s).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
