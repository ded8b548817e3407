namespace Cartoon.Bench;

internal static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile (p in 0..100) of a non-empty sample.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            throw new ArgumentException("No values.", nameof(values));
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
