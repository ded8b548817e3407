using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cartoon.Engine;
using Cartoon.Engine.Inference;
using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartoon.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Cartoon.Bench -- engine [--threads N] [--out FILE] [--only nets|detect|pipeline]`:
/// net-level per-image time by batch size, the face detector per image vs padded to a common shape, and whole-pipeline images/s of a group of 8 vs one at a time,
/// all in one process on one machine, so the ratios compare like with like.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var threads = Args.Int(args, "--threads", 0);
        var outFile = Args.String(args, "--out");
        var reps = Args.Int(args, "--reps", 3);
        var report = new StringBuilder();
        void Line(string s)
        {
            Console.WriteLine(s);
            report.AppendLine(s);
        }

        var options = new EngineOptions { IntraOpThreads = threads, WarmUpShapes = ["720x720"], CpuMemoryArena = !args.Contains("--no-cpu-arena") };
        var only = Args.String(args, "--only");
        using var engine = new CartoonEngine(options, NullLogger<CartoonEngine>.Instance);
        engine.WarmUp();
        Line($"# Engine benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        Line("");
        Line($"Machine: {Environment.ProcessorCount} cores, {Machine.CpuModel()}, {Machine.MemoryGiB():F0} GiB; .NET {Environment.Version}; " +
             $"ONNX Runtime {Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString()}; device {engine.Device}; intra-op threads {(threads == 0 ? "default (all cores)" : threads)}; {reps} timed runs per row (median) after 2 warm-up runs.");
        Line("");

        if (only is null or "nets")
        {
            Line("## Nets alone (anime), per-image time by batch size");
            Line("");
            Line("| net | shape | N | ms / batch | ms / image |");
            Line("| --- | --- | --- | --- | --- |");
            var sessions = new SessionFactory(options, NullLogger.Instance);
            using var head = new GeneratorNet(sessions.Create(Path.Combine(engine.ModelsDirectory, ModelFiles.Head("anime"))), "head");
            using var bg = new GeneratorNet(sessions.Create(Path.Combine(engine.ModelsDirectory, ModelFiles.Background("anime"))), "bg");
            foreach (var n in new[] { 1, 2, 4, 8 })
                Line(NetRow(head, "head", n, 288, 288, reps));
            foreach (var n in new[] { 1, 2, 4, 8 })
                Line(NetRow(bg, "bg", n, 720, 720, reps));
            Line("");
        }

        if (only is null or "detect")
            DetectorBench.Run(options, engine.ModelsDirectory, Portraits.Mixed(), reps, Line);

        if (only is null or "pipeline")
        {
            await PipelineSection(engine, "8 portraits of one size tier (work size 720×720)", Portraits.SameTier(), reps, Line);
            await PipelineSection(engine, "8 portraits of mixed sizes (one bg pass per input shape)", Portraits.Mixed(), reps, Line);
        }
        Line($"Peak memory (process peak working set over the whole run): **{Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB** " +
             $"(ONNX Runtime CPU arena {(options.CpuMemoryArena ? "on" : "off")}).");

        if (outFile is not null)
            await File.WriteAllTextAsync(outFile, report.ToString());
        return 0;
    }

    private static async Task PipelineSection(CartoonEngine engine, string title, List<(string Name, byte[] Bytes)> portraits, int reps, Action<string> line)
    {
        line($"## Whole pipeline, {title}: one group vs one at a time");
        line("");
        line($"Inputs: {string.Join(", ", portraits.Select(p => p.Name))}. Style anime, PNG out.");
        line("");
        var requests = portraits.Select(p => new CartoonRequest(p.Bytes, new CartoonParameters(), p.Name)).ToList();
        await engine.CartoonizeAsync(requests); // warm the group's bucket shape
        foreach (var request in requests)
            await engine.CartoonizeAsync([request]);
        var grouped = new List<double>();
        var single = new List<double>();
        GroupStats? stats = null;
        var (singleBg, singleHead) = (0, 0);
        for (var r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            stats = (await engine.CartoonizeAsync(requests)).Stats;
            grouped.Add(sw.Elapsed.TotalSeconds);
            sw.Restart();
            (singleBg, singleHead) = (0, 0);
            foreach (var request in requests)
            {
                var alone = (await engine.CartoonizeAsync([request])).Stats;
                (singleBg, singleHead) = (singleBg + alone.BackgroundPasses, singleHead + alone.HeadPasses);
            }
            single.Add(sw.Elapsed.TotalSeconds);
        }
        var g = Stats.Median(grouped);
        var s = Stats.Median(single);
        line("| mode | forward passes (bg + head) | seconds | images/s |");
        line("| --- | --- | --- | --- |");
        line(string.Create(CultureInfo.InvariantCulture, $"| group of {requests.Count} | {stats!.BackgroundPasses} + {stats.HeadPasses} | {g:F2} | {requests.Count / g:F2} |"));
        line(string.Create(CultureInfo.InvariantCulture, $"| {requests.Count} × one at a time | {singleBg} + {singleHead} | {s:F2} | {requests.Count / s:F2} |"));
        line("");
        line(string.Create(CultureInfo.InvariantCulture, $"Group / one-at-a-time throughput: **{s / g:F2}×**. Group stages (ms): decode {stats.DecodeMs:F0}, bg {stats.BackgroundMs:F0}, " +
             $"detect {stats.DetectMs:F0}, head {stats.HeadMs:F0}, compose+encode {stats.ComposeMs:F0}; {stats.Faces} faces."));
        line("");
    }

    private static string NetRow(GeneratorNet net, string name, int n, int h, int w, int reps)
    {
        var input = new float[n * h * w * 3];
        var rng = new Random(n);
        for (var i = 0; i < input.Length; i++)
            input[i] = rng.Next(256);
        var output = new float[input.Length];
        net.Run(input, output, n, h, w);
        net.Run(input, output, n, h, w);
        var times = new List<double>();
        for (var r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            net.Run(input, output, n, h, w);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        var ms = Stats.Median(times);
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {h}×{w} | {n} | {ms:F0} | {ms / n:F0} |");
    }
}
