using System.Globalization;

namespace Cartoon.Bench;

/// <summary>
/// The JIT compile time a .NET process of the stack has spent so far, from its own /metrics (the runtime's System.Runtime
/// meter, <c>dotnet_jit_compilation_time_seconds_total</c>). Tiered compilation keeps re-compiling hot methods in the
/// background long after start, so a "warm" measurement checks this instead of assuming it.
/// </summary>
internal static class JitTime
{
    private const string Metric = "dotnet_jit_compilation_time_seconds_total";

    public static async Task<double> SecondsAsync(AppProcess app)
    {
        using var http = new HttpClient { BaseAddress = app.Url, Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync("metrics");
        foreach (var line in text.Split('\n'))
            if (line.StartsWith(Metric, StringComparison.Ordinal))
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>
    /// Runs <paramref name="round"/> (not counted) until tiered compilation has settled in <paramref name="apps"/> — a
    /// round whose JIT compile time is under 5 % of their CPU — or <paramref name="maxRounds"/> ran, so the timed figures
    /// are a long-running process's, not its first minute's. Returns each round as "JIT s of CPU-s".
    /// </summary>
    public static async Task<IReadOnlyList<string>> WarmUpAsync(IReadOnlyList<AppProcess> apps, int maxRounds, Func<Task> round)
    {
        var rounds = new List<string>();
        for (var r = 1; r <= maxRounds; r++)
        {
            var jitBefore = await TotalAsync(apps);
            var cpuBefore = apps.Sum(a => CpuMeter.CpuSeconds(a.Pid));
            await round();
            var spent = apps.Sum(a => CpuMeter.CpuSeconds(a.Pid)) - cpuBefore;
            var jit = await TotalAsync(apps) - jitBefore;
            rounds.Add($"{jit:F1} of {spent:F1}");
            if (jit < 0.05 * spent)
                break;
        }
        return rounds;
    }

    public static async Task<double> TotalAsync(IEnumerable<AppProcess> apps)
    {
        var total = 0.0;
        foreach (var app in apps)
            total += await SecondsAsync(app);
        return total;
    }
}
