using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cartoon.Engine.Inference;

namespace Cartoon.Engine.Diagnostics;

/// <summary>
/// The engine's instruments (meter "Cartoon.Engine") and its activity source. Exported names (Prometheus):
/// cartoon_inference_duration_seconds{stage,style,device}, cartoon_model_load_seconds{style,precision}, cartoon_warmup_seconds,
/// cartoon_gpu_memory_used_bytes{device} (CUDA with NVML only).
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Cartoon.Engine";

    /// <summary>Spans: "cartoonize group" with children decode, bg, detect, head, compose.</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _inference;
    private readonly ConcurrentDictionary<string, (string Precision, double Seconds)> _modelLoads = new(StringComparer.Ordinal);
    private double _warmUpSeconds = double.NaN;
    private ObservableGauge<long>? _gpuMemory;

    /// <param name="meterFactory">The host's factory (meters scoped to its container); null: a meter of our own.</param>
    public EngineMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _inference = _meter.CreateHistogram<double>("cartoon.inference.duration", "s",
            "Time of one forward pass: stage bg / head (one batched pass each) or detect (one image).");
        _meter.CreateObservableGauge("cartoon.model.load", ModelLoads, "s",
            "Time to load each resident style's two sessions; label precision: the weights they run (fp32 or fp16).");
        _meter.CreateObservableGauge("cartoon.warmup", WarmUp, "s", "Time the engine took to load and warm its preloaded styles at start.");
    }

    public void RecordPass(string stage, string style, string device, TimeSpan elapsed) =>
        _inference.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("stage", stage),
            new KeyValuePair<string, object?>("style", style),
            new KeyValuePair<string, object?>("device", device));

    public void RecordModelLoad(string style, ModelPrecision precision, TimeSpan elapsed) =>
        _modelLoads[style] = (precision.Label(), elapsed.TotalSeconds);

    public void RecordWarmUp(TimeSpan elapsed) => Volatile.Write(ref _warmUpSeconds, elapsed.TotalSeconds);

    /// <summary>Publishes cartoon_gpu_memory_used_bytes from <paramref name="reader"/> (once; later calls are ignored).</summary>
    public void ObserveGpuMemory(string device, Func<long?> reader)
    {
        if (_gpuMemory is not null)
            return;
        _gpuMemory = _meter.CreateObservableGauge("cartoon.gpu.memory.used", () => reader() is { } used
                ? [new Measurement<long>(used, new KeyValuePair<string, object?>("device", device))]
                : Array.Empty<Measurement<long>>(),
            "By", "Device memory in use on the engine's GPU (NVML), all processes.");
    }

    public bool ObservesGpuMemory => _gpuMemory is not null;

    /// <summary>The meter itself (tests listen to this instance only).</summary>
    internal Meter Meter => _meter;

    private IEnumerable<Measurement<double>> ModelLoads() =>
        _modelLoads.Select(kv => new Measurement<double>(kv.Value.Seconds,
            new KeyValuePair<string, object?>("style", kv.Key),
            new KeyValuePair<string, object?>("precision", kv.Value.Precision))).ToArray();

    private IEnumerable<Measurement<double>> WarmUp()
    {
        var seconds = Volatile.Read(ref _warmUpSeconds);
        return double.IsNaN(seconds) ? [] : [new Measurement<double>(seconds)];
    }

    public void Dispose()
    {
        if (_ownsMeter)
            _meter.Dispose();
    }
}
