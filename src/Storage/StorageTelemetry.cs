using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cartoon.Storage;

/// <summary>
/// Spans of storage calls (ActivitySource "Cartoon.Storage"): "storage get" / "storage put" with the key and provider;
/// and the request counter (Meter "Cartoon.Storage", <c>cartoon_storage_requests_total{operation,provider}</c>): every
/// call made (get, put, stat, delete, list), so the S3 round trips per image are visible in production as in the
/// benchmarks (docs/benchmarks.md).
/// </summary>
public static class StorageTelemetry
{
    public const string SourceName = "Cartoon.Storage";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    private static readonly Counter<long> Requests =
        Meter.CreateCounter<long>("cartoon.storage.requests", "{request}", "Storage calls made, by operation (get, put, stat, delete, list) and provider.");

    /// <summary>Counts one call (retries of it inside the store are not counted again).</summary>
    public static void Count(string operation, string provider) =>
        Requests.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("provider", provider));

    public static Activity? Start(string operation, string key, string provider)
    {
        Count(operation, provider);
        var activity = Source.StartActivity($"storage {operation}", ActivityKind.Client);
        activity?.SetTag("cartoon.storage.operation", operation);
        activity?.SetTag("cartoon.storage.key", key);
        activity?.SetTag("cartoon.storage.provider", provider);
        return activity;
    }

    /// <summary>Marks the span failed (the exception propagates).</summary>
    public static void Fail(Activity? activity, Exception ex) => activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
}
