using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cartoon.Gateway.Diagnostics;

/// <summary>
/// The gateway's instruments (meter "Cartoon.Gateway") and activity source. Exported names (Prometheus):
/// cartoon_jobs_submitted_total, cartoon_jobs_completed_total{status}, cartoon_item_latency_seconds{tier,outcome},
/// cartoon_webhook_deliveries_total{outcome}, cartoon_requests_rejected_total{reason,tier},
/// cartoon_outbox_pending{kind}, cartoon_outbox_oldest_age_seconds{kind} (kind: bus | webhook), cartoon_job_streams
/// (open event streams), cartoon_job_stream_events_total{type}.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Cartoon.Gateway";

    /// <summary>Spans: "webhook deliver" per attempt.</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _completed;
    private readonly Histogram<double> _itemLatency;
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _streamEvents;
    private volatile OutboxDepth _outbox = OutboxDepth.Empty;
    private int _streams;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _submitted = meter.CreateCounter<long>("cartoon.jobs.submitted", "{job}", "Jobs accepted (202).");
        _completed = meter.CreateCounter<long>("cartoon.jobs.completed", "{job}", "Jobs that reached a terminal status, by status.");
        _itemLatency = meter.CreateHistogram<double>("cartoon.item.latency", "s", "Submit to completed, per item, by tier and outcome.");
        _webhooks = meter.CreateCounter<long>("cartoon.webhook.deliveries", "{attempt}",
            "Webhook delivery attempts by outcome: delivered, retry, failed (gave up), disabled, blocked (SSRF guard).");
        _rejected = meter.CreateCounter<long>("cartoon.requests.rejected", "{request}",
            "Requests refused to protect the service, by reason: rate_limited (per-key limit; tier empty) or backlog_full (tier queue over its maximum).");
        meter.CreateObservableGauge("cartoon.outbox.pending", () => _outbox.Measure(d => d.Pending), "{message}",
            "Rows waiting in the outbox (every replica reads the same database), by kind: bus (JobCompleted) or webhook (pending deliveries).");
        meter.CreateObservableGauge("cartoon.outbox.oldest.age", () => _outbox.Measure(d => d.OldestAgeSeconds), "s",
            "How long the oldest due outbox row has waited since it became due, by kind; 0 when none. Growing: nothing is draining it (alert CartoonOutboxStale).");
        meter.CreateObservableUpDownCounter("cartoon.job.streams", () => Volatile.Read(ref _streams), "{stream}",
            "Job event streams (GET /v1/jobs/{id}/events) open on this replica.");
        _streamEvents = meter.CreateCounter<long>("cartoon.job.stream.events", "{event}", "Events sent on job event streams, by type.");
    }

    /// <summary>Counts a stream in unless <paramref name="max"/> are open; the caller must call <see cref="StreamClosed"/> when true.</summary>
    public bool TryOpenStream(int max)
    {
        if (Interlocked.Increment(ref _streams) <= max)
            return true;
        Interlocked.Decrement(ref _streams);
        return false;
    }

    public void StreamClosed() => Interlocked.Decrement(ref _streams);

    public void StreamEvent(string type) => _streamEvents.Add(1, new KeyValuePair<string, object?>("type", type));

    /// <summary>The latest outbox reading (OutboxDispatcher reads it every few seconds).</summary>
    public void OutboxObserved(OutboxDepth depth) => _outbox = depth;

    public void JobSubmitted() => _submitted.Add(1);

    public void JobCompleted(string status) => _completed.Add(1, new KeyValuePair<string, object?>("status", status));

    public void ItemFinished(string tier, string outcome, TimeSpan latency) => _itemLatency.Record(Math.Max(0, latency.TotalSeconds),
        new KeyValuePair<string, object?>("tier", tier), new KeyValuePair<string, object?>("outcome", outcome));

    public void RequestRejected(string reason, string? tier = null) => _rejected.Add(1,
        new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("tier", tier ?? ""));

    public void WebhookAttempt(string outcome) => _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
