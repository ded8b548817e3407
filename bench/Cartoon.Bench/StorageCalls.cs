using System.Globalization;
using System.Text.RegularExpressions;

namespace Cartoon.Bench;

/// <summary>
/// S3 calls made by the stack's processes between two scrapes of their /metrics (<c>cartoon_storage_requests_total</c>
/// by operation): how many round trips the path costs per image, and which process makes them.
/// </summary>
internal sealed partial class StorageCalls
{
    private readonly List<AppProcess> _apps = [];
    private Dictionary<(string App, string Operation), double> _start = [];

    public StorageCalls With(params AppProcess[] apps)
    {
        _apps.AddRange(apps);
        return this;
    }

    public async Task StartAsync() => _start = await ScrapeAsync();

    /// <summary>Calls since <see cref="StartAsync"/>, by process and operation.</summary>
    public async Task<IReadOnlyList<(string App, string Operation, double Calls)>> StopAsync()
    {
        var end = await ScrapeAsync();
        return end
            .Select(kv => (kv.Key.App, kv.Key.Operation, Calls: kv.Value - _start.GetValueOrDefault(kv.Key)))
            .Where(x => x.Calls > 0)
            .OrderBy(x => x.App, StringComparer.Ordinal).ThenBy(x => x.Operation, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One line for a report: "gateway get 1234 (5.1/image), put 56 …; worker …" with calls per <paramref name="unit"/>.</summary>
    public static string Describe(IReadOnlyList<(string App, string Operation, double Calls)> calls, int count, string unit = "image") =>
        calls.Count == 0
            ? "none counted"
            : string.Join("; ", calls.GroupBy(c => c.App).Select(g =>
                $"{g.Key} " + string.Join(", ", g.Select(c => $"{c.Operation} {c.Calls:F0} ({c.Calls / count:F1}/{unit})")))) +
              $"; total {calls.Sum(c => c.Calls):F0} = {calls.Sum(c => c.Calls) / count:F1} per {unit}";

    private async Task<Dictionary<(string App, string Operation), double>> ScrapeAsync()
    {
        var counts = new Dictionary<(string, string), double>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var app in _apps)
        {
            var text = await http.GetStringAsync(new Uri(app.Url, "/metrics"));
            foreach (Match m in CounterLine().Matches(text))
            {
                var key = (app.Name, m.Groups["op"].Value);
                counts[key] = counts.GetValueOrDefault(key) + double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }
        return counts;
    }

    [GeneratedRegex("""^cartoon_storage_requests_total\{[^}]*operation="(?<op>\w+)"[^}]*\}\s+(?<value>[\d.eE+]+)""", RegexOptions.Multiline)]
    private static partial Regex CounterLine();
}
