using System.Diagnostics;
using System.Globalization;
using Cartoon.Cli;
using Cartoon.Cli.Video;
using Cartoon.Engine;
using Cartoon.Engine.Pipeline;
using Cartoon.Media;
using Cartoon.Tests.Shared.Video;
using Microsoft.Extensions.Logging.Abstractions;
using SixLabors.ImageSharp;

namespace Cartoon.Bench;

/// <summary>
/// `video [--seconds 3] [--fps 24] [--width 1280] [--height 720] [--max-batch 8] [--style anime] [--service]
/// [--set Engine:Key=Value ...] [--out FILE]`: a clip of the sample portrait panned and zoomed by ffmpeg (MP4 with audio), in ONE process and engine:
/// (a) frames/s end to end through the CLI's video pipeline (<see cref="VideoConverter"/>: extract, detect, track, nets,
/// mux, with the source's audio), (b) the CLI's picture path (<see cref="ImageConverter"/>) over the SAME frames saved as
/// PNG files, in groups of the same size (read, decode, detect, nets, encode, write: images/s), (c) where (a)'s wall time
/// went, from its stage clock (extract, frame copies and output decode, detect, track, group calls, waiting for the
/// muxer), and the share outside the nets, (d) with <c>--service</c>: the same clip submitted to the embedded gateway (a
/// process of its own, as `dotnet run --project src/Gateway` starts it: SQLite, file store, in-memory bus, the worker's
/// consumers, default tiers) over HTTP, from the upload to the job's completion as the gateway timed it (probe, store,
/// extract, chunks stored, nets, cartoon chunks stored, mux, result stored). One untimed group of frames first warms both
/// in-process paths' shapes. Engine options as the CLI's defaults (Engine__* environment variables and --set apply).
/// </summary>
internal static class VideoBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        int seconds = Args.Int(args, "--seconds", 3), fps = Args.Int(args, "--fps", 24);
        int width = Args.Int(args, "--width", 1280), height = Args.Int(args, "--height", 720), batch = Args.Int(args, "--max-batch", 8);
        var style = Args.String(args, "--style") ?? "anime";
        var (engineOptions, _) = EngineSettings.Bind(args);
        engineOptions.Preload = [style];
        var report = new Report(Args.String(args, "--out"));
        report.Header("Video: the CLI's video pipeline vs its picture path on the same frames",
            $"dotnet bench/Cartoon.Bench/bin/Release/net10.0/Cartoon.Bench.dll video --seconds {seconds} --fps {fps} --width {width} --height {height} --max-batch {batch} --style {style}" +
            (args.Contains("--service") ? " --service" : ""));

        var work = Directory.CreateTempSubdirectory("cartoon-video-bench-");
        try
        {
            var clip = PortraitClip.Mp4(Path.Combine(Portraits.SamplesDirectory(), "dctnet_input_portrait.png"), Path.Combine(work.FullName, "clip.mp4"),
                width, height, seconds * fps, fps);
            var media = CliMedia.Create(new MediaOptions());
            using var engine = new CartoonEngine(engineOptions, NullLogger<CartoonEngine>.Instance);
            engine.WarmUp();
            var probeClock = Stopwatch.StartNew();
            var info = await media.Probe.ProbeAsync(clip, CancellationToken.None);
            var probe = probeClock.Elapsed;
            var frameFiles = await SaveFramesAsync(media, clip, info, Path.Combine(work.FullName, "frames"));
            report.Line($"Clip: {info.Width}×{info.Height}, {info.FrameCount} frames at {info.FrameRate} fps ({info.Duration.TotalSeconds:F2} s), {info.VideoCodec} + {info.AudioCodec}, " +
                        $"{info.FileSize / 1024.0:F0} KiB. Device {engine.Device}; style {style}; {batch} frames per chunk / pictures per group; " +
                        $"frames asked of the engine as {CartoonFrames.Format}; ffmpeg threads {media.Settings.Threads}; MP4 out (libx264 {media.Settings.Encoding.H264Preset}).");
            report.Line();

            var options = new CartoonParameters { Style = style };
            var settings = new ConvertSettings([], new DirectoryInfo(Path.Combine(work.FullName, "warm")), options, batch, engineOptions, false);
            settings.Output.Create();
            await ImageConverter.ConvertAsync(engine, frameFiles.Take(batch).ToList(), settings, TextWriter.Null, [], [], CancellationToken.None);

            // (a) the video pipeline
            var job = new VideoJob(clip, info, options, VideoFormat.Mp4, batch, Path.Combine(work.FullName, "cartoon.mp4"));
            var video = await new VideoConverter(engine, media).ConvertAsync(job, null, CancellationToken.None);

            // (b) the picture path over the same frames
            var images = settings with { Output = new DirectoryInfo(Path.Combine(work.FullName, "images")) };
            images.Output.Create();
            var failures = new List<ConvertFailure>();
            var imageClock = Stopwatch.StartNew();
            await ImageConverter.ConvertAsync(engine, frameFiles, images, TextWriter.Null, failures, [], CancellationToken.None);
            var imageTime = imageClock.Elapsed;
            if (failures.Count > 0)
                throw new InvalidOperationException($"{failures.Count} frames failed as pictures: {failures[0]}");

            var videoFps = video.FramesPerSecond;
            var imagesPerSecond = frameFiles.Count / imageTime.TotalSeconds;
            report.Line("| path | frames | wall s | frames (images) per s |");
            report.Line("| --- | --- | --- | --- |");
            report.Line(Invariant($"| (a) video pipeline: extract + detect + track + nets + mux (with audio) | {video.Frames} | {video.Elapsed.TotalSeconds:F2} | {videoFps:F2} |"));
            report.Line(Invariant($"| (b) picture path: PNG files read, decoded, cartoonized, encoded, written | {frameFiles.Count} | {imageTime.TotalSeconds:F2} | {imagesPerSecond:F2} |"));
            report.Line();
            report.Line(Invariant($"Probe before (a): {probe.TotalMilliseconds:F0} ms (not in (a)). Output: {video.Mux.Width}×{video.Mux.Height}, {video.Mux.Frames} frames, {video.Mux.Bytes / 1024.0:F0} KiB; {video.Faces} face track(s)."));
            report.Line();

            report.Line("(c) Where (a)'s wall time went (stage clock; the stages add up to the whole; the muxer encodes concurrently and only the time (a) waited for it counts):");
            report.Line();
            report.Line("| stage | s | share |");
            report.Line("| --- | --- | --- |");
            var total = video.Elapsed.TotalSeconds;
            foreach (var (stage, time) in video.Stages)
                report.Line(Invariant($"| {Describe(stage)} | {time.TotalSeconds:F2} | {100 * time.TotalSeconds / total:F1} % |"));
            var engineCalls = video.Stages[VideoStage.Detect] + video.Stages[VideoStage.Cartoonize];
            var outside = total - engineCalls.TotalSeconds;
            var netPasses = video.NetMilliseconds / 1000;
            report.Line();
            report.Line(Invariant($"- Outside the engine's calls (extract, frame copies/decode, track, mux wait): **{100 * outside / total:F1} %** of (a) ({outside:F2} s)."));
            report.Line(Invariant($"- Net passes inside the group calls (bg + detect + head, GroupStats): {netPasses:F2} s, {100 * netPasses / total:F1} % of (a); the frame-detection calls add {video.Stages[VideoStage.Detect].TotalSeconds:F2} s."));
            report.Line(Invariant($"- Ratio (a) frames/s ÷ (b) images/s: **{videoFps / imagesPerSecond:F2}×**; (b) wall ÷ (a) wall: {imageTime.TotalSeconds / total:F2}×."));
            report.Line(Invariant($"- (a) frames/s ÷ the clip's rate: {videoFps / info.FrameRate.Value:F3}× real time."));
            if (args.Contains("--service"))
                await ServiceAsync(report, clip, info, style, Path.Combine(work.FullName, "service"), videoFps, imagesPerSecond);
            await report.SaveAsync();
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>(d): the clip through the embedded gateway's job API, its frame shape warmed at start.</summary>
    private static async Task ServiceAsync(Report report, string clip, MediaInfo info, string style, string folder, double videoFps, double imagesPerSecond)
    {
        using var gateway = AppProcess.Start(AppProject.Gateway, new Dictionary<string, string?>
        {
            ["Gateway__Mode"] = "Embedded",
            ["Storage__Root"] = Path.Combine(folder, "store"),
            ["Database__SqlitePath"] = Path.Combine(folder, "cartoon.db"),
            ["Engine__Preload__0"] = style,
            ["Engine__WarmUpShapes__0"] = $"{info.Width}x{info.Height}",
            ["Logging__LogLevel__Default"] = "Warning",
        }, name: "gateway", logDirectory: Path.Combine(folder, "logs"), configuration: "Release");
        await gateway.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var client = new GatewayClient(gateway.Url);
        var upload = new[] { ("clip.mp4", await File.ReadAllBytesAsync(clip)) };
        var frames = info.FrameCount;
        var job = await client.RunAsync(upload, style, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(30));
        if (job.Succeeded != 1)
            throw new InvalidOperationException($"The service's video job ended {job.Status}.");
        var server = (job.ServerDurationMs ?? 0) / 1000;
        var serviceFps = frames / server;
        report.Line();
        report.Line(Invariant($"(d) The embedded gateway (`--service`; its own process, default settings, the clip's shape warmed at start): submit → completed **{server:F2} s** by the gateway's clock ({job.ClientSeconds:F2} s by the client's, upload and polling included), **{serviceFps:F2} frames/s**, device {job.Device}: **{serviceFps / videoFps:F2}×** (a)'s frames/s and **{serviceFps / imagesPerSecond:F2}×** (b)'s images/s. What (d) adds to (a): the upload, the probe, every chunk and its cartoon stored and read back (files), the messages and the database."));
    }

    /// <summary>The clip's frames as the extractor gives them, one PNG file each (not timed): the picture path's inputs.</summary>
    private static async Task<List<string>> SaveFramesAsync(CliMedia media, string clip, MediaInfo info, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        await media.Extractor.ExtractAsync(clip, info, 8, async (chunk, ct) =>
        {
            for (var i = 0; i < chunk.Count; i++)
            {
                var file = Path.Combine(folder, Invariant($"frame{chunk.FirstFrameIndex + i:D4}.png"));
                await chunk.Frames[i].SaveAsPngAsync(file, ct);
                files.Add(file);
            }
        }, CancellationToken.None);
        return files;
    }

    private static string Describe(VideoStage stage) => stage switch
    {
        VideoStage.Extract => "extract (waiting for the next chunk from ffmpeg)",
        VideoStage.Frames => "frame copies in and out",
        VideoStage.Detect => "detect (engine, one call per chunk)",
        VideoStage.Track => "track",
        VideoStage.Cartoonize => "group call (engine: nets, paste-back)",
        VideoStage.Mux => "waiting for the muxer",
        _ => stage.ToString(),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
