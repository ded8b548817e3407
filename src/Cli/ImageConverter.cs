using System.Diagnostics;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Engine.Imaging;

namespace Cartoon.Cli;

/// <summary>Cartoonizes pictures in groups of --max-batch with the engine directly and writes each result.</summary>
internal static class ImageConverter
{
    public static async Task ConvertAsync(ICartoonEngine engine, IReadOnlyList<string> files, ConvertSettings settings, TextWriter stdout,
        List<ConvertFailure> failures, List<string> warnings, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        using var progress = new ProgressBar(stdout, files.Count, enabled: !Console.IsOutputRedirected);
        var failed = 0;
        var faces = 0;
        foreach (var chunk in files.Chunk(settings.MaxBatch))
        {
            progress.Stage(ItemStages.Fetching);
            var requests = new List<CartoonRequest>();
            foreach (var file in chunk)
                requests.Add(new CartoonRequest(await File.ReadAllBytesAsync(file, ct), settings.Parameters, file));
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
                        warnings.Add($"warning: {result.Id}: {string.Join(", ", result.Warnings)} (worked at {result.WorkWidth}×{result.WorkHeight}, upscaled {result.UpscaleFactor:0.##}×)");
                }
                else
                {
                    failed++;
                    failures.Add(new ConvertFailure(result.Id!, result.FailureReason!, result.FailureMessage!));
                }
            }
            progress.Advance(chunk.Length);
        }
        progress.Dispose();

        await stdout.WriteLineAsync(
            $"{files.Count - failed}/{files.Count} images, {faces} faces, {sw.Elapsed.TotalSeconds:F1} s, device {engine.Device}, style {settings.Parameters.Style} -> {settings.Output.FullName}");
    }
}
