using System.Diagnostics.Metrics;
using Cartoon.Engine.Diagnostics;
using Cartoon.Engine.Pipeline;
using Cartoon.Engine.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartoon.Engine.Tests.Diagnostics;

/// <summary>The engine's instruments; the GPU memory gauge exists only where NVML answers (not on this CPU machine).</summary>
public sealed class EngineMetricsTests
{
    [Fact]
    public void Nvml_opens_only_where_the_driver_library_is_present()
    {
        var nvml = NvmlMemory.TryOpen(0, out var whyNot);
        if (nvml is null)
        {
            Assert.False(string.IsNullOrEmpty(whyNot));
        }
        else
        {
            Assert.Null(whyNot);
            Assert.True(nvml.UsedBytes() > 0);
        }
    }

    [Fact]
    public async Task Cpu_engine_records_passes_model_loads_and_warm_up_but_no_gpu_memory_gauge()
    {
        using var metrics = new EngineMetrics();
        var seen = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
                l.EnableMeasurementEvents(instrument);
        };
        void Record<T>(Instrument i, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            lock (seen)
                seen.Add((i.Name, Convert.ToDouble(value), new Dictionary<string, object?>(tags.ToArray())));
        }
        listener.SetMeasurementEventCallback<double>(Record);
        listener.SetMeasurementEventCallback<long>(Record);
        listener.Start();

        using var engine = new CartoonEngine(new EngineOptions
        {
            ModelsDirectory = TestPaths.Models,
            Device = DevicePreference.Cpu,
            WarmUpShapes = ["256x256"],
            Preload = ["sketch"],
        }, NullLogger<CartoonEngine>.Instance, metrics);
        engine.WarmUp();
        var group = await engine.CartoonizeAsync([new CartoonRequest(TestImages.SampleBytes("dctnet_input_portrait.png"), new CartoonParameters { Style = "sketch" }, "p")]);
        Assert.True(group.Items[0].Succeeded);
        listener.RecordObservableInstruments();

        Assert.False(metrics.ObservesGpuMemory);
        lock (seen)
        {
            Assert.DoesNotContain(seen, s => s.Instrument == "cartoon.gpu.memory.used");
            Assert.Single(seen, s => s.Instrument == "cartoon.inference.duration" && (string?)s.Tags["stage"] == "bg");
            Assert.Equal(group.Stats.HeadPasses, seen.Count(s => s.Instrument == "cartoon.inference.duration" && (string?)s.Tags["stage"] == "head"));
            Assert.Single(seen, s => s.Instrument == "cartoon.inference.duration" && (string?)s.Tags["stage"] == "detect"
                                     && (string?)s.Tags["style"] == "sketch" && (string?)s.Tags["device"] == "cpu");
            Assert.Contains(seen, s => s.Instrument == "cartoon.model.load" && (string?)s.Tags["style"] == "sketch" && s.Value > 0);
            Assert.Contains(seen, s => s.Instrument == "cartoon.warmup" && s.Value > 0);
        }
    }
}
