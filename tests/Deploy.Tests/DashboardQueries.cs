using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cartoon.Deploy.Tests;

/// <summary>
/// The PromQL of every panel of a Grafana dashboard JSON, as (panel title, expr) pairs, for tests that run each
/// query through a real Prometheus (e.g. an integration fixture: <c>DashboardQueries.Load(RepoPaths.Dashboard)</c>).
/// Grafana's interval macros are replaced by fixed durations so Prometheus can evaluate the query as is
/// (<c>$__rate_interval</c>, <c>$__interval</c> → 1m, <c>$__range</c> → 1h); pass <c>expandMacros: false</c>
/// for the text as stored. Panels nested in collapsed rows are included.
/// </summary>
public static partial class DashboardQueries
{
    public static IReadOnlyList<(string Title, string Expr)> Load(string path, bool expandMacros = true)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty");
        var result = new List<(string, string)>();
        Collect(root["panels"] as JsonArray, result, expandMacros);
        return result;
    }

    public static string ExpandMacros(string expr) => expr
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("${__rate_interval}", "1m", StringComparison.Ordinal)
        .Replace("$__interval", "1m", StringComparison.Ordinal)
        .Replace("${__interval}", "1m", StringComparison.Ordinal)
        .Replace("$__range", "1h", StringComparison.Ordinal)
        .Replace("${__range}", "1h", StringComparison.Ordinal);

    /// <summary>Metric names a query mentions (cartoon_*, db_client_* from Npgsql, rabbitmq_*, up), histogram suffixes kept.</summary>
    public static IReadOnlyList<string> MetricNames(string expr) =>
        [.. MetricName().Matches(expr).Select(m => m.Value).Distinct()];

    private static void Collect(JsonArray? panels, List<(string, string)> result, bool expandMacros)
    {
        if (panels is null)
            return;
        foreach (var panel in panels.OfType<JsonObject>())
        {
            var title = panel["title"]?.GetValue<string>() ?? "";
            foreach (var target in (panel["targets"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (target["expr"]?.GetValue<string>() is { Length: > 0 } expr)
                    result.Add((title, expandMacros ? ExpandMacros(expr) : expr));
            }

            Collect(panel["panels"] as JsonArray, result, expandMacros);
        }
    }

    [GeneratedRegex(@"\b(cartoon_[a-z0-9_]+|db_client_[a-z0-9_]+|rabbitmq_[a-z0-9_]+|up)\b(?=\s*[\{\[\)\s]|$)")]
    private static partial Regex MetricName();
}
