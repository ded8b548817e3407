using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cartoon.Bench;

/// <summary>
/// `detail [--reps N] [--tile-sides 720,816,...] [--image FILE] [--set Engine:Key=Value ...] [--out FILE]`: detail=high
/// against Standard (issue 14) on large photos (<see cref="Portraits.Large"/>), each photo and setting in a fresh
/// process with the worker's allocator environment (as <see cref="MemorySettingsBench"/>), so its peak RSS is its own:
/// time of the whole engine call (decode to encode, one photo per call, median of N after an untimed one), the process's
/// CPU time per call (steadier than wall time on a shared machine), its stages, work size, tiles, faces, and the
/// process's peak RSS. High runs once per tile side given (default: the configured one).
/// `--image` also writes the same crop of the 2000×3000 astronaut's Standard and High cartoons side by side.
/// </summary>
internal static class DetailBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var reps = Args.Int(args, "--reps", 3);
        var (options, _) = EngineSettings.Bind(args);
        var tileSides = Args.Ints(args, "--tile-sides", [options.TileSide]);
        var settings = args.Select((a, i) => (a, i)).Where(x => x.a == "--set" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToArray();
        var report = new Report(Args.String(args, "--out"));
        report.Header("detail=high vs Standard (issue 14)",
            $"dotnet bench/Cartoon.Bench/bin/Release/net10.0/Cartoon.Bench.dll detail --reps {reps} --tile-sides {string.Join(',', tileSides)}" +
            string.Concat(settings.Select(s => $" --set {s}")) + (Args.String(args, "--image") is { } image ? $" --image {image}" : ""));
        report.Line($"Engine defaults for this device{(settings.Length > 0 ? " but " + string.Join(", ", settings) : "")}: High short side {options.HighDetailShortSide}, " +
                    $"tile overlap {options.TileOverlap}, detection at {options.DetectLongSide} (High: also {options.HighDetailDetectLongSide}). Style anime, PNG out at the photo's own size. " +
                    $"Each row a fresh process (MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=32 MiB as the worker): engine warm-up, one untimed call, then {reps} timed calls of one photo each.");
        report.Line();
        report.Line("| photo | detail | work size | bg inputs | bg MP | faces | upscale | s per call (median) | CPU s per call | bg / detect / head / compose ms | RSS after warm-up MiB | peak RSS MiB |");
        report.Line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var photos = Portraits.Large();
        var rows = new List<ChildResult>();
        foreach (var (name, _) in photos)
        {
            var modes = tileSides.Select(t => (Detail.High, t)).Prepend((Detail.Standard, options.TileSide));
            foreach (var (detail, tileSide) in modes)
            {
                var row = await RunChildAsync(name, detail, tileSide, reps, settings);
                rows.Add(row);
                report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {row.Detail} | {row.WorkWidth}×{row.WorkHeight} | {Inputs(row)} | {row.BackgroundPixels / 1e6:F2} | {row.Faces} | {row.Upscale:F2} | {row.Seconds:F2} | {row.CpuSeconds:F2} | " +
                    $"{row.BackgroundMs:F0} / {row.DetectMs:F0} / {row.HeadMs:F0} / {row.ComposeMs:F0} | {row.WarmRssMiB:F0} | {row.PeakRssMiB:F0} |"));
            }
        }
        report.Line();
        foreach (var (name, _) in photos)
        {
            var standard = rows.First(r => r.Photo == name && r.Detail == nameof(Detail.Standard));
            var high = rows.FirstOrDefault(r => r.Photo == name && r.Detail == nameof(Detail.High) && r.TileSide == options.TileSide) ??
                       rows.First(r => r.Photo == name && r.Detail == nameof(Detail.High));
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"- {name}: High (tile {high.TileSide}) / Standard time **{high.Seconds / standard.Seconds:F2}×** ({high.Seconds:F2} vs {standard.Seconds:F2} s), " +
                $"CPU {high.CpuSeconds / standard.CpuSeconds:F2}× ({high.CpuSeconds:F2} vs {standard.CpuSeconds:F2} s), " +
                $"peak RSS {high.PeakRssMiB:F0} vs {standard.PeakRssMiB:F0} MiB, bg net input pixels {high.BackgroundPixels / 1e6:F2} vs {standard.BackgroundPixels / 1e6:F2} MP."));
        }
        if (Args.String(args, "--image") is { } imageFile)
        {
            await SideBySideAsync(imageFile, photos.First(p => p.Name.StartsWith("astronaut", StringComparison.Ordinal)).Bytes);
            report.Line();
            report.Line($"Side-by-side crop written to {imageFile}.");
        }
        await report.SaveAsync();
        return 0;
    }

    private static string Inputs(ChildResult row) => row.Tiles == 0
        ? $"1 ({row.InputHeight}×{row.InputWidth})"
        : $"{row.Tiles} tiles of {row.InputHeight}×{row.InputWidth}";

    private static async Task<ChildResult> RunChildAsync(string photo, Detail detail, int tileSide, int reps, string[] settings)
    {
        var info = new ProcessStartInfo("dotnet", [typeof(DetailBench).Assembly.Location, "detail-child", "--photo", photo, "--detail", detail.ToString(),
            "--reps", reps.ToString(CultureInfo.InvariantCulture), "--set", $"Engine:TileSide={tileSide}", .. settings.SelectMany(s => new[] { "--set", s })])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.GetCurrentDirectory(),
        };
        info.Environment["MALLOC_ARENA_MAX"] = "2";
        info.Environment["MALLOC_MMAP_THRESHOLD_"] = AppProject.GpuWorker.MallocMmapThreshold;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("detail-child did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"detail-child exited {process.ExitCode}: {output}");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return JsonSerializer.Deserialize<ChildResult>(last) ?? throw new InvalidOperationException("detail-child printed no result.");
    }

    /// <summary>The child: one photo, one detail, one engine, one process.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var (options, _) = EngineSettings.Bind(args);
        var photo = Args.String(args, "--photo") ?? throw new ArgumentException("--photo");
        var detail = Enum.Parse<Detail>(Args.String(args, "--detail") ?? nameof(Detail.Standard));
        var reps = Args.Int(args, "--reps", 3);
        var bytes = Portraits.Large().First(p => p.Name == photo).Bytes;
        using var engine = new CartoonEngine(options, NullLogger<CartoonEngine>.Instance);
        engine.WarmUp();
        var warmRss = Rss.CurrentMiB();
        var request = new CartoonRequest(bytes, new CartoonParameters { Style = "anime", Detail = detail });
        var first = await engine.CartoonizeAsync([request]);
        if (!first.Items[0].Succeeded)
            throw new InvalidOperationException(first.Items[0].FailureMessage);
        var runs = new List<(double Seconds, GroupStats Stats)>();
        using var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        for (var r = 0; r < reps; r++)
        {
            var clock = Stopwatch.StartNew();
            var group = await engine.CartoonizeAsync([request]);
            runs.Add((clock.Elapsed.TotalSeconds, group.Stats));
        }
        self.Refresh();
        var cpuPerCall = (self.TotalProcessorTime - cpu0).TotalSeconds / reps;
        var median = runs.OrderBy(r => r.Seconds).ElementAt(runs.Count / 2);
        var result = first.Items[0];
        var header = Image.Identify(bytes);
        var plan = DetailPlan.For(header.Width, header.Height, detail, options);
        var (inputHeight, inputWidth) = engine.BackgroundShapes.For(plan);
        Console.WriteLine(JsonSerializer.Serialize(new ChildResult(photo, detail.ToString(), options.TileSide, result.WorkWidth, result.WorkHeight,
            plan.Tiles, inputWidth, inputHeight, (long)plan.BackgroundInputs * inputWidth * inputHeight, result.Faces, result.UpscaleFactor,
            median.Seconds, cpuPerCall, median.Stats.BackgroundMs, median.Stats.DetectMs, median.Stats.HeadMs, median.Stats.ComposeMs, warmRss, Rss.PeakMiB())));
        return 0;
    }

    /// <summary>The same region of the astronaut's Standard and High cartoons at the photo's full size, side by side.</summary>
    private static async Task SideBySideAsync(string file, byte[] photo)
    {
        using var engine = new CartoonEngine(new EngineOptions { WarmUp = false }, NullLogger<CartoonEngine>.Instance);
        // The mission patch on the suit: bg net only (the face is the head net's 288² crop at either detail), with lettering.
        var crop = new Rectangle(290, 2030, 420, 420);
        using var canvas = new Image<Rgb24>(crop.Width * 2 + 8, crop.Height, Color.White);
        var x = 0;
        foreach (var detail in new[] { Detail.Standard, Detail.High })
        {
            var result = (await engine.CartoonizeAsync([new CartoonRequest(photo, new CartoonParameters { Style = "anime", Detail = detail })])).Items[0];
            using var cartoon = Image.Load<Rgb24>(result.Output!);
            cartoon.Mutate(c => c.Crop(crop));
            var at = x;
            canvas.Mutate(c => c.DrawImage(cartoon, new Point(at, 0), 1f));
            x += crop.Width + 8;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await canvas.SaveAsPngAsync(file, new SixLabors.ImageSharp.Formats.Png.PngEncoder { CompressionLevel = SixLabors.ImageSharp.Formats.Png.PngCompressionLevel.BestCompression });
    }

    private sealed record ChildResult(string Photo, string Detail, int TileSide, int WorkWidth, int WorkHeight, int Tiles, int InputWidth, int InputHeight,
        long BackgroundPixels, int Faces, double Upscale, double Seconds, double CpuSeconds, double BackgroundMs, double DetectMs, double HeadMs, double ComposeMs,
        double WarmRssMiB, double PeakRssMiB);
}
