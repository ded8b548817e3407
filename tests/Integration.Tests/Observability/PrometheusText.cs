using System.Globalization;
using System.Text.RegularExpressions;

namespace Cartoon.Integration.Tests.Observability;

/// <summary>One sample of a scrape: metric name (with _bucket/_sum/_count/_total), labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A parsed Prometheus text exposition (what /metrics answers).</summary>
public sealed partial class PrometheusText
{
    private PrometheusText(IReadOnlyDictionary<string, string> families, IReadOnlyList<PrometheusSample> samples, string raw)
    {
        Families = families;
        Samples = samples;
        Raw = raw;
    }

    /// <summary>Metric family name → type (counter, gauge, histogram...), from the # TYPE lines.</summary>
    public IReadOnlyDictionary<string, string> Families { get; }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public string Raw { get; }

    /// <summary>GET /metrics through <paramref name="client"/>, parsed.</summary>
    public static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        // The exporter caches its answer for 300 ms: wait that out so the scrape sees what just happened.
        await Task.Delay(400);
        using var response = await client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static PrometheusText Parse(string text)
    {
        var families = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                families[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#') || line.Length == 0)
                continue;
            var match = SampleLine().Match(line);
            if (!match.Success)
                continue;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
                labels[label.Groups["k"].Value] = label.Groups["v"].Value.Replace("\\\"", "\"").Replace("\\\\", "\\");
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels, value));
        }
        return new PrometheusText(families, samples, text);
    }

    /// <summary>Sum of the samples named <paramref name="name"/> whose labels include every pair of <paramref name="where"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] where) =>
        Samples.Where(s => s.Name == name && where.All(w => s.Labels.TryGetValue(w.Key, out var v) && v == w.Value)).Sum(s => s.Value);

    public IEnumerable<PrometheusSample> Named(string name) => Samples.Where(s => s.Name == name);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<k>[a-zA-Z_][a-zA-Z0-9_]*)="(?<v>(\\.|[^"\\])*)"(,|$)""")]
    private static partial Regex LabelPair();
}
