using System.Diagnostics.Metrics;

namespace Cartoon.Gateway.Diagnostics;

/// <summary>One reading of the outbox: rows waiting and the oldest one's age, per kind.</summary>
public sealed record OutboxDepth(OutboxDepth.Kind Bus, OutboxDepth.Kind Webhook)
{
    public static readonly OutboxDepth Empty = new(new Kind(0, 0), new Kind(0, 0));

    public sealed record Kind(double Pending, double OldestAgeSeconds);

    public IEnumerable<Measurement<double>> Measure(Func<Kind, double> value) =>
    [
        new(value(Bus), new KeyValuePair<string, object?>("kind", "bus")),
        new(value(Webhook), new KeyValuePair<string, object?>("kind", "webhook")),
    ];
}
