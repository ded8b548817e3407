using System.Globalization;

namespace Cartoon.Gateway.Tests.Access;

internal static class Metrics
{
    /// <summary>
    /// The value of one series scraped from /metrics (the line of <paramref name="name"/> carrying every label given);
    /// meters are process-wide, so gateways of tests running alongside add to the same series: compare with ≥.
    /// </summary>
    public static async Task<double> CounterAsync(GatewayApp app, string name, params string[] labels)
    {
        using var client = app.CreateClient();
        var text = await client.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(l.Contains));
        Assert.True(line is not null, $"no {name} series with {string.Join(", ", labels)} in /metrics");
        return double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
