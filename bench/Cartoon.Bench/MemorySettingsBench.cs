using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cartoon.Engine;
using Cartoon.Engine.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cartoon.Bench;

/// <summary>
/// `memory [--rounds N] [--out FILE]`: ONNX Runtime's CPU memory settings compared in one run. Each setting runs in
/// its own child process (so one setting's arena or heap cannot flatter the next) with the allocator environment of
/// the worker image (deploy/docker: MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=33554432); each child feeds the anime bg net
/// the work shapes of the six-portrait mix in turn, round after round, and reports ms per pass, CPU user/system
/// seconds and its resident memory after every round.
/// </summary>
internal static class MemorySettingsBench
{
    private static readonly (string Name, bool Arena, ArenaShrink Shrink, bool Pattern)[] Settings =
    [
        ("arena off (the former default)", false, ArenaShrink.Never, true),
        ("arena on, memory pattern on", true, ArenaShrink.Never, true),
        ("arena on, memory pattern off (the CPU default)", true, ArenaShrink.Never, false),
        ("arena on, shrink after each pass", true, ArenaShrink.AfterEachPass, true),
    ];

    /// <summary>Work shapes (H×W, padded to 16) of the six-portrait mix: 640×800, 512², 1024×512, 1500² → 720², 600², 1024² → 720².</summary>
    public static readonly (int H, int W)[] MixShapes = [(800, 640), (512, 512), (512, 1024), (720, 720), (608, 608), (720, 720)];

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Args.Int(args, "--rounds", 4);
        var report = new Report(Args.String(args, "--out"));
        report.Header("ONNX Runtime CPU memory settings", $"dotnet bench/Cartoon.Bench/bin/Release/net10.0/Cartoon.Bench.dll memory --rounds {rounds}");
        report.Line($"Each setting in a fresh process: anime bg net over the six-portrait mix's work shapes ({string.Join(", ", MixShapes.Select(s => $"{s.H}×{s.W}"))}), {rounds} rounds; the first round (cold shapes) is left out of the times.");
        report.Line();
        report.Line("| setting | first round (cold shapes), ms per pass | later rounds, ms per pass (median) | user s | system s | RSS after round 1 / last (MiB) | peak RSS (MiB) |");
        report.Line("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (name, arena, shrink, pattern) in Settings)
        {
            var child = await RunChildAsync(arena, shrink, pattern, rounds);
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {child.ColdMs:F0} | {child.MedianMs:F0} | {child.UserSeconds:F1} | {child.SystemSeconds:F1} | {child.RssMiB[0]:F0} / {child.RssMiB[^1]:F0} | {child.PeakRssMiB:F0} |"));
        }
        await report.SaveAsync();
        return 0;
    }

    private static async Task<ChildResult> RunChildAsync(bool arena, ArenaShrink shrink, bool pattern, int rounds)
    {
        var info = new ProcessStartInfo("dotnet", [typeof(MemorySettingsBench).Assembly.Location, "memory-child",
            "--arena", arena ? "on" : "off", "--shrink", shrink.ToString(), "--pattern", pattern ? "on" : "off", "--rounds", rounds.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.GetCurrentDirectory(),
        };
        info.Environment["MALLOC_ARENA_MAX"] = "2";
        info.Environment["MALLOC_MMAP_THRESHOLD_"] = AppProject.GpuWorker.MallocMmapThreshold;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("memory-child did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"memory-child exited {process.ExitCode}: {output}");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return JsonSerializer.Deserialize<ChildResult>(last) ?? throw new InvalidOperationException("memory-child printed no result.");
    }

    /// <summary>The child: one setting, one process.</summary>
    public static int RunChild(string[] args)
    {
        var options = new EngineOptions
        {
            CpuMemoryArena = Args.String(args, "--arena") == "on",
            CpuArenaShrink = Enum.Parse<ArenaShrink>(Args.String(args, "--shrink") ?? nameof(ArenaShrink.Never)),
            MemoryPattern = Args.String(args, "--pattern") != "off",
        };
        var rounds = Args.Int(args, "--rounds", 4);
        var sessions = new SessionFactory(options, NullLogger.Instance);
        var models = ModelLocator.Resolve(options.ModelsDirectory);
        using var bg = new GeneratorNet(sessions.Create(Path.Combine(models, ModelFiles.Background("anime"))), "bg", sessions.ShrinkCpuArenaAfterRun);
        var rng = new Random(7);
        var inputs = MixShapes.Select(s =>
        {
            var input = new float[s.H * s.W * 3];
            for (var i = 0; i < input.Length; i++)
                input[i] = rng.Next(256);
            return input;
        }).ToArray();
        var outputs = inputs.Select(i => new float[i.Length]).ToArray();
        var warm = new List<double>();
        var cold = new List<double>();
        var rss = new List<double>();
        using var self = Process.GetCurrentProcess();
        var (user0, system0) = (self.UserProcessorTime, self.PrivilegedProcessorTime);
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < MixShapes.Length; k++)
            {
                var sw = Stopwatch.StartNew();
                bg.Run(inputs[k], outputs[k], 1, MixShapes[k].H, MixShapes[k].W);
                (round > 0 ? warm : cold).Add(sw.Elapsed.TotalMilliseconds);
            }
            rss.Add(Rss.CurrentMiB());
        }
        self.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new ChildResult(
            cold.Average(),
            Stats.Median(warm),
            (self.UserProcessorTime - user0).TotalSeconds,
            (self.PrivilegedProcessorTime - system0).TotalSeconds,
            rss.ToArray(),
            Rss.PeakMiB())));
        return 0;
    }

    private sealed record ChildResult(double ColdMs, double MedianMs, double UserSeconds, double SystemSeconds, double[] RssMiB, double PeakRssMiB);
}
