using System.Diagnostics.Metrics;

namespace Cartoon.Processing.Diagnostics;

/// <summary>
/// The worker's per-group and per-item instruments (meter "Cartoon.Worker"). Exported names (Prometheus):
/// cartoon_batch_items{tier,device}, cartoon_batch_faces{device}, cartoon_item_inference_seconds{device},
/// cartoon_queue_wait_seconds{tier}, cartoon_items_processed_total{tier,device}, cartoon_items_failed_total{reason}.
/// The gauges are in <see cref="WorkerGauges"/> and <see cref="Messaging.QueueDepthMonitor"/>.
/// </summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "Cartoon.Worker";

    private readonly Histogram<int> _batchItems;
    private readonly Histogram<int> _batchFaces;
    private readonly Histogram<double> _itemInference;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _batchItems = meter.CreateHistogram<int>("cartoon.batch.items", "{item}", "Items in each group run by one engine call.");
        _batchFaces = meter.CreateHistogram<int>("cartoon.batch.faces", "{face}", "Faces in each group run by one engine call.");
        _itemInference = meter.CreateHistogram<double>("cartoon.item.inference", "s", "Inference time per item: the group's bg + detect + head time over its items.");
        _queueWait = meter.CreateHistogram<double>("cartoon.queue.wait", "s", "Submit to group start, per item.");
        _processed = meter.CreateCounter<long>("cartoon.items.processed", "{item}", "Items whose result was stored (succeeded).");
        _failed = meter.CreateCounter<long>("cartoon.items.failed", "{item}", "Items that failed, by reason.");
    }

    /// <summary>One observation per engine call (a group, or one item run alone after its group threw).</summary>
    public void RecordEngineCall(string tier, string device, int items, int faces, double inferenceMs)
    {
        _batchItems.Record(items, Tag("tier", tier), Tag("device", device));
        _batchFaces.Record(faces, Tag("device", device));
        var perItem = items > 0 ? inferenceMs / 1000.0 / items : 0;
        for (var i = 0; i < items; i++)
            _itemInference.Record(perItem, Tag("device", device));
    }

    public void RecordQueueWait(string tier, TimeSpan wait) => _queueWait.Record(Math.Max(0, wait.TotalSeconds), Tag("tier", tier));

    public void RecordSucceeded(string tier, string device) => _processed.Add(1, Tag("tier", tier), Tag("device", device));

    public void RecordFailed(string reason) => _failed.Add(1, Tag("reason", reason));

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
