using System.Diagnostics;

namespace Cartoon.Storage;

/// <summary>Spans of storage calls (ActivitySource "Cartoon.Storage"): "storage get" / "storage put" with the key and provider.</summary>
public static class StorageTelemetry
{
    public const string SourceName = "Cartoon.Storage";

    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? Start(string operation, string key, string provider)
    {
        var activity = Source.StartActivity($"storage {operation}", ActivityKind.Client);
        activity?.SetTag("cartoon.storage.operation", operation);
        activity?.SetTag("cartoon.storage.key", key);
        activity?.SetTag("cartoon.storage.provider", provider);
        return activity;
    }

    /// <summary>Marks the span failed (the exception propagates).</summary>
    public static void Fail(Activity? activity, Exception ex) => activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
}
