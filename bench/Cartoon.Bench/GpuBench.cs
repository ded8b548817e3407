using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Engine.Diagnostics;
using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Cartoon.Bench;

/// <summary>
/// `Cartoon.Bench gpu [--side N] [--groups 1,4,8,16] [--reps N] [--out FILE.md] [--json FILE.json] [--set Engine:Key=Value]...`:
/// the whole engine on groups of N same-size portraits (one tier's group, as the worker runs it): images/s and ms per
/// call, ms per bg and head pass, and the device memory NVML reports against the cost model's estimate for the group.
/// Defaults by device: on CUDA 720² and groups 1, 4, 8, 16, 5 timed calls each; on the CPU 256², groups 1 and 2, one timed
/// call (a check that runs in about a minute). Groups run smallest first, so the CUDA arena, which keeps what it grew to,
/// reads each group's peak. bench/gpu/run.sh runs it on a GPU machine from a packed publish.
/// </summary>
internal static class GpuBench
{
    private const double MiB = 1024.0 * 1024.0;

    public static async Task<int> RunAsync(string[] args)
    {
        EngineOptions options;
        IConfiguration configuration;
        try
        {
            (options, configuration) = EngineSettings.Bind(args);
        }
        catch (InvalidOperationException ex)
        {
            // An Engine key this build does not know: say so and stop (run.sh reads the exit code).
            await Console.Error.WriteLineAsync($"Engine settings: {ex.Message}");
            return 2;
        }
        var precision = EngineSettings.Precision(configuration);
        var nvml = NvmlMemory.TryOpen(options.CudaDeviceId, out var whyNoNvml);
        var usedBefore = nvml?.UsedBytes();

        // Only the models and the head shapes are warmed at start: each group's first, untimed call warms its bg shape.
        options.WarmUpShapes = [];
        using var engine = new CartoonEngine(options, NullLogger<CartoonEngine>.Instance);
        var cuda = engine.Device != "cpu";
        var side = Args.Int(args, "--side", cuda ? 720 : 256);
        var groups = Args.Ints(args, "--groups", cuda ? [1, 4, 8, 16] : [1, 2]).Order().ToArray();
        var reps = Args.Int(args, "--reps", cuda ? 5 : 1);
        var warmUp = engine.WarmUp();
        var usedAfterWarmUp = nvml?.UsedBytes();
        var costModel = new MemoryCostModel(new MemoryCostOptions(), engine.Buckets, engine.PadBatch);

        var report = new Report(Args.String(args, "--out"));
        report.Header("Engine on the device: groups of one tier", "Cartoon.Bench gpu " + string.Join(' ', args));
        report.Line($"Device {engine.Device}; ONNX Runtime {OrtEnv.Instance().GetVersionString()}; Engine:Precision {precision}; " +
                    $"pad batch to bucket {engine.PadBatch}; {side}² portraits (PNG in, PNG out, style anime); {reps} timed calls per group (median) after one warm call.");
        report.Line(nvml is null
            ? $"Device memory: not read (NVML: {whyNoNvml?.Split('\n')[0]})."
            : $"Device memory (NVML, all processes): total {Mib(nvml.TotalBytes())} MiB, used before the engine {Mib(usedBefore)} MiB, after warm-up {Mib(usedAfterWarmUp)} MiB (warm-up {warmUp.TotalMilliseconds:F0} ms).");
        report.Line();
        report.Line("| group | faces | ms / call | images/s | bg passes × ms | head passes × ms | detect ms | decode ms | compose ms | used above baseline (MiB) | cost model (MiB) | used / model |");
        report.Line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

        var rows = new List<GpuBenchRow>();
        foreach (var n in groups)
        {
            var requests = Portraits.Framings(side, n).Select(p => new CartoonRequest(p.Bytes, new CartoonParameters(), p.Name)).ToList();
            await CallAsync(engine, requests); // a new batch shape: cuDNN picks its algorithms on the first call
            var calls = new List<(double Ms, GroupStats Stats)>();
            for (var r = 0; r < reps; r++)
            {
                var clock = Stopwatch.StartNew();
                var stats = await CallAsync(engine, requests);
                calls.Add((clock.Elapsed.TotalMilliseconds, stats));
            }
            var median = calls.OrderBy(c => c.Ms).ElementAt((calls.Count - 1) / 2);
            var used = nvml?.UsedBytes();
            var row = Row(n, median.Ms, median.Stats, used, usedBefore, costModel.EstimateGroupBytes(Enumerable.Repeat((side, side), n), options.MaxHeadBatch));
            rows.Add(row);
            report.Line(Markdown(row));
        }

        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        report.Line();
        report.Line($"Used above baseline: NVML used bytes after the group's calls less those before the engine started (this process: CUDA context, " +
                    $"weights, ONNX Runtime's arena, which keeps its peak). Cost model: MemoryCostModel.EstimateGroupBytes, fixed part included. " +
                    $"Process peak working set (host): {peak / MiB:F0} MiB.");
        await report.SaveAsync();

        if (Args.String(args, "--json") is { } jsonFile)
        {
            var result = new GpuBenchResult(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), engine.Device, precision,
                OrtEnv.Instance().GetVersionString(), side, reps, nvml?.TotalBytes(), usedBefore, usedAfterWarmUp, warmUp.TotalMilliseconds, peak, rows);
            await File.WriteAllTextAsync(jsonFile, JsonSerializer.Serialize(result, GpuBenchJson.Default.GpuBenchResult));
        }
        return 0;
    }

    private static async Task<GroupStats> CallAsync(CartoonEngine engine, IReadOnlyList<CartoonRequest> requests)
    {
        var result = await engine.CartoonizeAsync(requests);
        if (result.Stats.Succeeded != requests.Count)
        {
            var failed = result.Items.FirstOrDefault(i => !i.Succeeded);
            throw new InvalidOperationException($"{requests.Count - result.Stats.Succeeded} of {requests.Count} items failed ({failed?.FailureReason}: {failed?.FailureMessage}).");
        }
        return result.Stats;
    }

    private static GpuBenchRow Row(int n, double ms, GroupStats s, long? used, long? usedBefore, long modelBytes) => new(
        n, s.Faces, ms, n / (ms / 1000),
        s.BackgroundPasses, s.BackgroundPasses > 0 ? s.BackgroundMs / s.BackgroundPasses : 0,
        s.HeadPasses, s.HeadPasses > 0 ? s.HeadMs / s.HeadPasses : 0,
        s.DetectMs, s.DecodeMs, s.ComposeMs,
        used, used - usedBefore, modelBytes);

    private static string Markdown(GpuBenchRow r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Group} | {r.Faces} | {r.MsPerCall:F1} | {r.ImagesPerSecond:F2} | {r.BackgroundPasses} × {r.BackgroundMsPerPass:F1} | {r.HeadPasses} × {r.HeadMsPerPass:F1} | " +
        $"{r.DetectMs:F1} | {r.DecodeMs:F1} | {r.ComposeMs:F1} | {Mib(r.UsedAboveBaselineBytes)} | {r.CostModelBytes / MiB:F0} | " +
        $"{(r.UsedAboveBaselineBytes is { } u ? (u / (double)r.CostModelBytes).ToString("F2", CultureInfo.InvariantCulture) : "—")} |");

    private static string Mib(long? bytes) => bytes is { } b ? (b / MiB).ToString("F0", CultureInfo.InvariantCulture) : "—";
}
