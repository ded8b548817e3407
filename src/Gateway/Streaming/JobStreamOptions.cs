using System.ComponentModel.DataAnnotations;

namespace Cartoon.Gateway.Streaming;

/// <summary>Job event streams (GET /v1/jobs/{id}/events). Section "Streams".</summary>
public sealed class JobStreamOptions
{
    public const string Section = "Streams";

    /// <summary>
    /// A comment line is sent when nothing else was for this long, so proxies keep the connection; the stream also
    /// re-reads its job then, in case a change notification was lost.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A stream is closed after this long even if its job is still running; the client reconnects with Last-Event-ID
    /// and misses nothing (load balancers and deploys rotate connections this way).
    /// </summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The "retry" field: how long a client waits before reconnecting (milliseconds).</summary>
    [Range(100, 60_000)]
    public int ReconnectMilliseconds { get; set; } = 2000;

    /// <summary>Most streams open on one replica at once; one more is refused with 503 stream_limit.</summary>
    [Range(1, 100_000)]
    public int MaxStreams { get; set; } = 1000;
}
