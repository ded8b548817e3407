using System.Diagnostics;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Logging;

namespace Cartoon.Cli;

/// <summary>Runs the converter: gathers inputs, cartoonizes them in groups, writes results, summarises.</summary>
internal static class ConvertRunner
{
    public static async Task<int> RunAsync(ConvertSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (settings.MaxBatch < 1)
        {
            await stderr.WriteLineAsync("--max-batch must be at least 1.");
            return 2;
        }
        var files = InputFiles.Collect(settings.Inputs, out var missing);
        foreach (var m in missing)
            await stderr.WriteLineAsync($"not found: {m}");
        if (files.Count == 0)
        {
            await stderr.WriteLineAsync("No input images.");
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Warning));
        CartoonEngine engine;
        try
        {
            engine = new CartoonEngine(settings.Engine, loggerFactory.CreateLogger<CartoonEngine>());
        }
        catch (Exception ex) when (ex is Engine.Inference.ModelsNotFoundException or InvalidOperationException)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 3;
        }

        using (engine)
        {
            settings.Output.Create();
            var sw = Stopwatch.StartNew();
            using var progress = new ProgressBar(stdout, files.Count, enabled: !Console.IsOutputRedirected);
            var failures = new List<(string File, string Reason, string Message)>();
            var warnings = new List<(string File, CartoonResult Result)>();
            var faces = 0;
            foreach (var chunk in files.Chunk(settings.MaxBatch))
            {
                progress.Stage(ItemStages.Fetching);
                var requests = new List<CartoonRequest>();
                foreach (var file in chunk)
                    requests.Add(new CartoonRequest(await File.ReadAllBytesAsync(file, ct), settings.Options, file));
                var group = await engine.CartoonizeAsync(requests, stage => progress.Stage(stage.Name()), ct);
                progress.Stage(ItemStages.Storing);
                foreach (var result in group.Items)
                {
                    if (result.Succeeded)
                    {
                        var target = Path.Combine(settings.Output.FullName,
                            $"{Path.GetFileNameWithoutExtension(result.Id)}.{ImageEncoder.Extension(result.Format)}");
                        await File.WriteAllBytesAsync(target, result.Output!, ct);
                        faces += result.Faces;
                        if (result.Warnings.Count > 0)
                            warnings.Add((result.Id!, result));
                    }
                    else
                    {
                        failures.Add((result.Id!, result.FailureReason!, result.FailureMessage!));
                    }
                }
                progress.Advance(chunk.Length);
            }
            progress.Dispose();

            var ok = files.Count - failures.Count;
            await stdout.WriteLineAsync(
                $"{ok}/{files.Count} images, {faces} faces, {sw.Elapsed.TotalSeconds:F1} s, device {engine.Device}, style {settings.Options.Style} -> {settings.Output.FullName}");
            foreach (var (file, result) in warnings)
                await stderr.WriteLineAsync($"warning: {file}: {string.Join(", ", result.Warnings)} (worked at {result.WorkWidth}×{result.WorkHeight}, upscaled {result.UpscaleFactor:0.##}×)");
            foreach (var (file, reason, message) in failures)
                await stderr.WriteLineAsync($"failed: {file}: {reason}: {message}");
            return failures.Count == 0 && missing.Count == 0 ? 0 : 1;
        }
    }
}
