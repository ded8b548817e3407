using System.Diagnostics.Metrics;

namespace Cartoon.Worker.Diagnostics;

/// <summary>
/// The worker's per-group and per-item instruments (meter "Cartoon.Worker"). Exported names (Prometheus):
/// cartoon_batch_items{tier,device}, cartoon_batch_faces{device}, cartoon_item_inference_seconds{device},
/// cartoon_queue_wait_seconds{tier}, cartoon_items_processed_total{tier,device}, cartoon_items_failed_total{reason};
/// video: cartoon_video_frames_total{tier,device} (frames cartoonized), cartoon_video_extract_seconds and
/// cartoon_video_mux_seconds{format} (one whole extraction / mux of a video item, whatever its outcome).
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
    private readonly Counter<long> _frames;
    private readonly Histogram<double> _extract;
    private readonly Histogram<double> _mux;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _batchItems = meter.CreateHistogram<int>("cartoon.batch.items", "{item}", "Items in each group run by one engine call.");
        _batchFaces = meter.CreateHistogram<int>("cartoon.batch.faces", "{face}", "Faces in each group run by one engine call.");
        _itemInference = meter.CreateHistogram<double>("cartoon.item.inference", "s", "Inference time per item: the group's bg + detect + head time over its items.");
        _queueWait = meter.CreateHistogram<double>("cartoon.queue.wait", "s", "Submit to group start, per item.");
        _processed = meter.CreateCounter<long>("cartoon.items.processed", "{item}", "Items whose result was stored (succeeded).");
        _failed = meter.CreateCounter<long>("cartoon.items.failed", "{item}", "Items that failed, by reason.");
        _frames = meter.CreateCounter<long>("cartoon.video.frames", "{frame}", "Video frames cartoonized (their chunk stored).");
        _extract = meter.CreateHistogram<double>("cartoon.video.extract", "s", "One extraction of a video item: download, probe, decode, face tracking, chunks stored and sent.");
        _mux = meter.CreateHistogram<double>("cartoon.video.mux", "s", "One mux of a video item: cartoon chunks read, encoded with the audio, result stored.");
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

    public void RecordFramesCartoonized(string tier, string device, int frames) => _frames.Add(frames, Tag("tier", tier), Tag("device", device));

    public void RecordExtract(TimeSpan duration) => _extract.Record(duration.TotalSeconds);

    public void RecordMux(string format, TimeSpan duration) => _mux.Record(duration.TotalSeconds, Tag("format", format));

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}
