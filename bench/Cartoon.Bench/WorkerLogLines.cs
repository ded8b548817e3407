using System.Globalization;
using System.Text.RegularExpressions;

namespace Cartoon.Bench;

/// <summary>The worker's log lines the benches read: its warm-up time, each group it ran and its tier plans.</summary>
internal static partial class WorkerLogLines
{
    /// <summary>The worker's "Engine warm: styles … loaded and warmed in N ms" line, or null.</summary>
    public static double? WarmMs(string line) =>
        WarmLine().Match(line) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>The worker's per-group log line: (tier, size, inference ms, total ms), or null.</summary>
    public static (string Tier, int Size, double InferenceMs, double TotalMs)? Group(string line) =>
        GroupLine().Match(line) is { Success: true } m
            ? (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture))
            : null;

    /// <summary>The worker's start-up plan of a tier: (tier, group limit, its memory budget MiB, planned group MiB), or null.</summary>
    public static (string Tier, int GroupLimit, double BudgetMiB, double GroupMiB)? TierPlan(string line) =>
        TierLine().Match(line) is { Success: true } m
            ? (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture))
            : null;

    [GeneratedRegex(@"Engine warm: .* in (\d+) ms")]
    private static partial Regex WarmLine();

    [GeneratedRegex(@"Group tier=(\w+) size=(\d+) .*inference_ms=([\d.]+) total_ms=([\d.]+)")]
    private static partial Regex GroupLine();

    [GeneratedRegex(@"Tier (\w+): .*group_limit=(\d+) .*budget=(\d+) MiB.*group_bytes=(\d+) MiB")]
    private static partial Regex TierLine();
}
