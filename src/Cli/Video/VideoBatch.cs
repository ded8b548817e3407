using System.Globalization;
using Cartoon.Engine;
using Cartoon.Media;

namespace Cartoon.Cli.Video;

/// <summary>Converts the videos of a convert call one after the other, each with its own progress bar, and summarises them.</summary>
internal static class VideoBatch
{
    public static async Task ConvertAsync(ICartoonEngine engine, CliMedia media, IReadOnlyList<ClassifiedInput> videos, ConvertSettings settings,
        TextWriter stdout, List<ConvertFailure> failures, CancellationToken ct)
    {
        var converter = new VideoConverter(engine, media);
        int converted = 0, frames = 0, faces = 0;
        var elapsed = TimeSpan.Zero;
        foreach (var video in videos)
        {
            if (video.Refusal is { } refusal)
            {
                failures.Add(new ConvertFailure(video.Path, refusal.Code, refusal.Reason));
                continue;
            }
            var info = video.Video!;
            var format = VideoFormats.For(info.Container, settings.VideoFormat);
            var output = Path.Combine(settings.Output.FullName, $"{Path.GetFileNameWithoutExtension(video.Path)}.{VideoMuxer.Extension(format)}");
            var job = new VideoJob(video.Path, info, settings.Parameters, format, settings.MaxBatch, output);
            using var progress = new ProgressBar(stdout, (int)info.FrameCount, enabled: !Console.IsOutputRedirected, "frames", "fps");
            try
            {
                var done = await converter.ConvertAsync(job, progress, ct);
                converted++;
                frames += done.Frames;
                faces += done.Faces;
                elapsed += done.Elapsed;
            }
            catch (MediaRejectedException ex)
            {
                failures.Add(new ConvertFailure(video.Path, ex.Refusal.Code, ex.Refusal.Reason));
            }
            catch (VideoFrameFailedException ex)
            {
                failures.Add(new ConvertFailure(video.Path, ex.Reason, ex.Message));
            }
            catch (ImageRejectedException ex)
            {
                // DetectFacesAsync holds frames to the engine's pixel and side limits.
                failures.Add(new ConvertFailure(video.Path, ex.Reason, ex.Message));
            }
            catch (Exception ex) when (ex is FfmpegException or TimeoutException)
            {
                failures.Add(new ConvertFailure(video.Path, FailureReasons.Internal, ex.Message));
            }
        }

        var fps = frames / Math.Max(elapsed.TotalSeconds, 1e-9);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{converted}/{videos.Count} videos, {frames} frames, {faces} faces, {elapsed.TotalSeconds:F1} s, {fps:F1} fps, device {engine.Device}, style {settings.Parameters.Style} -> {settings.Output.FullName}"));
    }
}
