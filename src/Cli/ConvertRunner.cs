using Cartoon.Cli.Video;
using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Logging;

namespace Cartoon.Cli;

/// <summary>
/// Runs the converter: gathers inputs, tells pictures from videos, cartoonizes the pictures in groups and converts the
/// videos frame chunk by frame chunk (<see cref="VideoConverter"/>), writes results, summarises.
/// </summary>
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
            var images = new List<string>();
            var candidates = new List<(string File, Media.MediaContainer Container)>();
            foreach (var file in files)
            {
                if (await InputClassifier.CandidateAsync(file, ct) is { } container)
                    candidates.Add((file, container));
                else
                    images.Add(file);
            }
            // ffmpeg is needed (and checked) only when there is something that may be a video.
            CliMedia? media = null;
            var videos = new List<ClassifiedInput>();
            if (candidates.Count > 0)
            {
                try
                {
                    media = CliMedia.Create(settings.Media);
                }
                catch (InvalidOperationException ex)
                {
                    await stderr.WriteLineAsync(ex.Message);
                    return 3;
                }
                foreach (var (file, container) in candidates)
                {
                    var input = await InputClassifier.ClassifyAsync(file, container, media.Probe, settings.Media.Limits, ct);
                    if (input.IsVideo)
                        videos.Add(input);
                    else
                        images.Add(file);
                }
            }

            settings.Output.Create();
            var failures = new List<ConvertFailure>();
            var warnings = new List<string>();
            if (images.Count > 0)
                await ImageConverter.ConvertAsync(engine, images, settings, stdout, failures, warnings, ct);
            if (videos.Count > 0)
                await VideoBatch.ConvertAsync(engine, media!, videos, settings, stdout, failures, ct);

            foreach (var warning in warnings)
                await stderr.WriteLineAsync(warning);
            foreach (var (file, reason, message) in failures)
                await stderr.WriteLineAsync($"failed: {file}: {reason}: {message}");
            return failures.Count == 0 && missing.Count == 0 ? 0 : 1;
        }
    }
}
