using System.Diagnostics;
using System.Globalization;
using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Inference;
using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Cartoon.Bench;

/// <summary>
/// `overhead [--reps N] [--threads N] [--out FILE]`: per image of the six-portrait mix, the engine's whole call
/// (decode → passes → compose → encode) against the sum of the raw <c>InferenceSession.Run</c> times of the same passes
/// (bg at the item's input shape, the detector at its scaled shape, the head at the item's face count), on sessions
/// built by the engine's own <see cref="SessionFactory"/> in this process, runs of the two interleaved.
/// The issue's target: whole call ≤ 1.15× the raw passes.
/// </summary>
internal static class PassOverheadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var reps = Args.Int(args, "--reps", 3);
        // Engine settings as a worker reads them (Engine__* variables, `--set Engine:Key=Value`): the raw passes' sessions
        // come from the same options, so both sides always run alike.
        var options = EngineSettings.Bind(args).Options;
        options.IntraOpThreads = Args.Int(args, "--threads", 0);
        options.WarmUp = false;
        var report = new Report(Args.String(args, "--out"));
        report.Header("Engine call vs its raw ONNX Runtime passes", $"dotnet bench/Cartoon.Bench/bin/Release/net10.0/Cartoon.Bench.dll overhead --reps {reps}" +
            string.Concat(Args.Settings(args).Select(kv => $" --set {kv.Key}={kv.Value}")));
        using var engine = new CartoonEngine(options, NullLogger<CartoonEngine>.Instance);
        var sessions = new SessionFactory(options, NullLogger.Instance);
        using var raw = new RawPasses(sessions, engine.ModelsDirectory, options.DetectLongSide);
        report.Line($"ONNX Runtime {OrtEnv.Instance().GetVersionString()}, device {engine.Device}, CPU arena {(options.CpuMemoryArena ? "on" : "off")} " +
                    $"(shrink: {options.CpuArenaShrink}), bg shapes {(engine.BackgroundShapes.ToBucket ? "bucket" : "exact")}; style anime, PNG/JPEG out as in; " +
                    $"median of {reps} runs after 2 warm-up runs of each.");
        report.Line();
        report.Line("| image | work size | faces | engine call ms | raw passes ms (last run's bg + detect + head) | call / raw | engine's own passes ms (bg + detect + head) | decode / compose+encode / rest ms |");
        report.Line("| --- | --- | --- | --- | --- | --- | --- | --- |");
        double callSum = 0, rawSum = 0;
        foreach (var (name, bytes) in Portraits.SixMix())
        {
            var request = new CartoonRequest(bytes, new CartoonParameters { Format = name.EndsWith(".jpg", StringComparison.Ordinal) ? OutputFormat.Jpeg : OutputFormat.Png }, name);
            var header = ImageProbe.Probe(bytes, new ImageLimits());
            var (ww, wh) = WorkSize.For(header.Width, header.Height);
            var (bh, bw) = engine.BackgroundShapes.For(ww, wh);
            CartoonGroupResult? last = null;
            for (var warm = 0; warm < 2; warm++)
                last = await engine.CartoonizeAsync([request]);
            var faces = last!.Items[0].Faces;
            raw.Prepare(bh, bw, ww, wh, faces);
            raw.Run();
            raw.Run();
            var calls = new List<double>();
            var passes = new List<double>();
            for (var r = 0; r < reps; r++)
            {
                var sw = Stopwatch.StartNew();
                last = await engine.CartoonizeAsync([request]);
                calls.Add(sw.Elapsed.TotalMilliseconds);
                passes.Add(raw.Run());
            }
            var (call, pass) = (Stats.Median(calls), Stats.Median(passes));
            callSum += call;
            rawSum += pass;
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {ww}×{wh} | {faces} | {call:F0} | {pass:F0} ({raw.Last.Bg:F0} + {raw.Last.Detect:F0} + {raw.Last.Head:F0}) | {call / pass:F2} | " +
                $"{last.Stats.InferenceMs:F0} ({last.Stats.BackgroundMs:F0} + {last.Stats.DetectMs:F0} + {last.Stats.HeadMs:F0}) | " +
                $"{last.Stats.DecodeMs:F0} / {last.Stats.ComposeMs:F0} / {last.Stats.TotalMs - last.Stats.InferenceMs - last.Stats.DecodeMs - last.Stats.ComposeMs:F0} |"));
        }
        report.Line(string.Create(CultureInfo.InvariantCulture, $"| **all six** | | | **{callSum:F0}** | **{rawSum:F0}** | **{callSum / rawSum:F2}** | |"));
        await report.SaveAsync();
        return 0;
    }

    /// <summary>The three nets' sessions, fed tensors of one item's shapes and timed around <c>Run</c> alone.</summary>
    private sealed class RawPasses(SessionFactory sessions, string models, int detectLongSide) : IDisposable
    {
        private readonly GeneratorNet _bg = new(sessions.Create(Path.Combine(models, ModelFiles.Background("anime"))), "bg", sessions.ShrinkCpuArenaAfterRun);
        private readonly GeneratorNet _head = new(sessions.Create(Path.Combine(models, ModelFiles.Head("anime"))), "head", sessions.ShrinkCpuArenaAfterRun);
        private readonly InferenceSession _detector = sessions.Create(Path.Combine(models, ModelFiles.Detector));
        private (float[] In, float[] Out, int H, int W) _bgTensors;
        private (float[] In, float[] Out, int N) _headTensors;
        private (float[] In, int H, int W) _detectTensor;

        public (double Bg, double Detect, double Head) Last { get; private set; }

        public void Prepare(int bgHeight, int bgWidth, int workWidth, int workHeight, int faces)
        {
            var rng = new Random(1);
            float[] Noise(int length)
            {
                var data = new float[length];
                for (var i = 0; i < data.Length; i++)
                    data[i] = rng.Next(256);
                return data;
            }
            _bgTensors = (Noise(bgHeight * bgWidth * 3), new float[bgHeight * bgWidth * 3], bgHeight, bgWidth);
            _headTensors = (Noise(faces * 288 * 288 * 3), new float[faces * 288 * 288 * 3], faces);
            // As RetinaFaceDetector scales the work image: long side to DetectLongSide, at least 32.
            var scale = (float)detectLongSide / Math.Max(workWidth, workHeight);
            var (dw, dh) = (Math.Max(32, (int)Math.Round(workWidth * scale)), Math.Max(32, (int)Math.Round(workHeight * scale)));
            _detectTensor = (Noise(3 * dh * dw), dh, dw);
        }

        /// <summary>One run of each pass the item needs; returns their summed milliseconds.</summary>
        public double Run()
        {
            var sw = Stopwatch.StartNew();
            _bg.Run(_bgTensors.In, _bgTensors.Out, 1, _bgTensors.H, _bgTensors.W);
            var bg = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            using (var input = OrtValue.CreateTensorValueFromMemory(_detectTensor.In, [1, 3, _detectTensor.H, _detectTensor.W]))
            using (var runOptions = new RunOptions())
            using (_detector.Run(runOptions, ["input0"], [input], ["output0", "output1", "output2"]))
            {
            }
            var detect = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            if (_headTensors.N > 0)
                _head.Run(_headTensors.In, _headTensors.Out, _headTensors.N, 288, 288);
            var head = sw.Elapsed.TotalMilliseconds;
            Last = (bg, detect, head);
            return bg + detect + head;
        }

        public void Dispose()
        {
            _bg.Dispose();
            _head.Dispose();
            _detector.Dispose();
        }
    }
}
