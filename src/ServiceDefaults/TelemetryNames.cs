namespace Cartoon.ServiceDefaults;

/// <summary>The meters and activity sources the hosts export (the parts create them under these names).</summary>
public static class TelemetryNames
{
    public static readonly string[] Meters = ["Cartoon.Engine", "Cartoon.Worker", "Cartoon.Messaging", "Cartoon.Gateway", "Cartoon.Storage", "MassTransit"];

    public static readonly string[] ActivitySources = ["MassTransit", "Cartoon.Engine", "Cartoon.Storage", "Cartoon.Gateway"];

    /// <summary>Seconds-scale buckets from 1 ms to 120 s (inference passes, queue waits, end-to-end latency).</summary>
    public static readonly double[] SecondsBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];

    /// <summary>Group sizes and faces per group.</summary>
    public static readonly double[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64];
}
