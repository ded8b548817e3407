using System.Globalization;
using System.Text.Json;
using Cartoon.Media.Ffmpeg;
using Cartoon.Media.Probing;
using Cartoon.Media.Webp;
using Microsoft.Win32.SafeHandles;

namespace Cartoon.Media;

/// <summary>
/// Describes a video or animation from its headers (ffprobe; for animated WebP, its own chunk headers), decoding
/// nothing large. Judge the result with <see cref="VideoLimits.Check"/> before extracting.
/// </summary>
public sealed class MediaProbe(FfmpegRunner runner)
{
    /// <summary>
    /// The file's <see cref="MediaInfo"/>. Throws <see cref="MediaRejectedException"/> for what is not a readable video
    /// (empty, not a container taken here, truncated or corrupt headers, no video stream, no frame size or rate) and
    /// <see cref="FfmpegException"/> only when ffprobe itself cannot run.
    /// </summary>
    public async Task<MediaInfo> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        long size = new FileInfo(path).Length;
        if (size == 0)
            throw new MediaRejectedException(MediaRefusal.Empty());
        MediaContainer container = await MediaSniffer.SniffFileAsync(path, cancellationToken).ConfigureAwait(false);
        return container switch
        {
            MediaContainer.Unknown => throw new MediaRejectedException(MediaRefusal.UnsupportedFormat(
                "Not a video this service takes (MP4/MOV, WebM/Matroska, GIF or animated WebP); the content is checked, not the file name.")),
            MediaContainer.AnimatedWebp => ProbeWebp(path, size),
            _ => await ProbeWithFfprobeAsync(path, container, size, cancellationToken).ConfigureAwait(false),
        };
    }

    private MediaInfo ProbeWebp(string path, long size)
    {
        using SafeFileHandle file = File.OpenHandle(path);
        AnimatedWebpIndex index = AnimatedWebpIndex.Read(file);
        AnimationTiming timing = AnimationTiming.For([.. index.Frames.Select(f => f.DurationMs)], runner.Options.MaxAnimationFrameRate);
        TimeSpan duration = TimeSpan.FromMilliseconds(timing.TotalMs);
        return new MediaInfo(MediaContainer.AnimatedWebp, "webp", 0, "webp", index.CanvasWidth, index.CanvasHeight, 0,
            timing.Rate, duration, duration, timing.FrameCount, false, null, size);
    }

    private async Task<MediaInfo> ProbeWithFfprobeAsync(string path, MediaContainer container, long size, CancellationToken cancellationToken)
    {
        var arguments = new List<string>(InputArguments.Options(container))
        {
            "-show_entries", FfprobeOutput.Entries, "-of", "json", InputArguments.Url(path),
        };
        FfmpegResult result;
        try
        {
            result = await runner.RunAsync(new FfmpegCommand(MediaTool.Ffprobe, arguments, runner.Options.ProbeTimeout), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (FfmpegException ex) when (ex.ExitCode is not null || ex.TimedOut)
        {
            // ffprobe ran and gave up (or never finished reading headers): the file's fault, not the service's.
            string why = ex.TimedOut ? $"reading its headers took over {runner.Options.ProbeTimeout.TotalSeconds} s" : Reasons(ex.StderrTail, InputArguments.Url(path));
            throw Unreadable(container, why);
        }

        FfprobeOutput output;
        try
        {
            output = FfprobeOutput.Parse(result.Stdout);
        }
        catch (JsonException ex)
        {
            throw Unreadable(container, ex.Message);
        }

        long? counted = null;
        if (VideoOf(output) is { } video && (video.Duration ?? output.Duration) is not > 0)
        {
            // Live-recorded WebM (a browser's MediaRecorder) and one-image GIFs declare no duration: count the video's
            // packets instead (demuxing only, nothing decoded), once the file is known not to be over the size limit.
            if (runner.Options.Limits.CheckBytes(size) is { } tooBig)
                throw new MediaRejectedException(tooBig);
            counted = await CountPacketsAsync(path, container, video.Index, cancellationToken).ConfigureAwait(false);
        }

        return Describe(output, container, size, counted);
    }

    private async Task<long?> CountPacketsAsync(string path, MediaContainer container, int stream, CancellationToken cancellationToken)
    {
        var arguments = new List<string>(InputArguments.Options(container))
        {
            "-select_streams", stream.ToString(CultureInfo.InvariantCulture), "-count_packets",
            "-show_entries", "stream=index,codec_type,nb_read_packets", "-of", "json", InputArguments.Url(path),
        };
        try
        {
            FfmpegResult result = await runner.RunAsync(new FfmpegCommand(MediaTool.Ffprobe, arguments, runner.Options.ProbeTimeout), cancellationToken)
                .ConfigureAwait(false);
            return FfprobeOutput.Parse(result.Stdout).Streams.FirstOrDefault()?.ReadPackets;
        }
        catch (FfmpegException ex) when (ex.ExitCode is not null || ex.TimedOut)
        {
            string why = ex.TimedOut ? $"counting its frames took over {runner.Options.ProbeTimeout.TotalSeconds} s" : Reasons(ex.StderrTail, InputArguments.Url(path));
            throw Unreadable(container, why);
        }
    }

    private static FfprobeStream? VideoOf(FfprobeOutput output) =>
        output.Streams.FirstOrDefault(s => s.CodecType == "video" && !s.AttachedPicture);

    private MediaInfo Describe(FfprobeOutput output, MediaContainer container, long size, long? countedFrames)
    {
        FfprobeStream video = VideoOf(output)
            ?? throw new MediaRejectedException(MediaRefusal.NoVideoStream(
                $"The file is {Describe(container)} without a video stream."));
        if (video.Width <= 0 || video.Height <= 0)
            throw new MediaRejectedException(MediaRefusal.Invalid(
                $"The file is {Describe(container)} but its video has no readable frame size."));

        int rotation = (int)(((Math.Round((video.Rotation ?? 0) / 90) * 90 % 360) + 360) % 360);
        (int width, int height) = rotation is 90 or 270 ? (video.Height, video.Width) : (video.Width, video.Height);

        FrameRate rate = RateOf(video, container)
            ?? throw new MediaRejectedException(MediaRefusal.Invalid($"The file is {Describe(container)} but its video has no frame rate."));
        bool rateIsSource = true;
        if (container == MediaContainer.Gif && rate.Value > runner.Options.MaxAnimationFrameRate)
        {
            rate = new FrameRate((long)Math.Round(runner.Options.MaxAnimationFrameRate * 1000), 1000);
            rateIsSource = false;
        }

        double? seconds = video.Duration ?? output.Duration;
        if (seconds is not > 0 && countedFrames is > 0)
            seconds = countedFrames.Value / rate.Value;
        if (seconds is not > 0)
            throw new MediaRejectedException(MediaRefusal.Invalid($"The file is {Describe(container)} but its video has no duration."));
        TimeSpan duration = Seconds(seconds.Value);
        TimeSpan containerDuration = output.Duration is > 0 ? Seconds(output.Duration.Value) : duration;
        // A GIF's frame count is its images, not the frames at a constant rate: those come from duration × rate.
        long frames = countedFrames is > 0 ? countedFrames.Value
            : video.FrameCount is > 0 && rateIsSource && container != MediaContainer.Gif ? video.FrameCount.Value
            : Math.Max(1, rate.FramesIn(duration));

        FfprobeStream? audio = output.Streams.FirstOrDefault(s => s.CodecType == "audio");
        return new MediaInfo(container, output.FormatName, video.Index, video.CodecName, width, height, rotation, rate,
            duration, containerDuration, frames, audio is not null, audio?.CodecName, size);
    }

    /// <summary>
    /// The average rate for videos (a phone's variable-rate clip averages 29.87, its base rate may read 90000); ffmpeg's
    /// base rate for GIF, whose centisecond delays (7, 7, 6 for 15 fps) make the average a ragged 181/12.
    /// </summary>
    private static FrameRate? RateOf(FfprobeStream video, MediaContainer container) =>
        container == MediaContainer.Gif
            ? FrameRate.Parse(video.BaseFrameRate) ?? FrameRate.Parse(video.AverageFrameRate)
            : FrameRate.Parse(video.AverageFrameRate) ?? FrameRate.Parse(video.BaseFrameRate);

    /// <summary>Durations a header claims can be absurd (years): clamp instead of overflowing TimeSpan.</summary>
    private static TimeSpan Seconds(double seconds) =>
        seconds >= TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.MaxValue / 2 : TimeSpan.FromSeconds(seconds);

    /// <summary>ffmpeg's error lines, without its "[mov,mp4,... @ 0x55...]" prefixes and our file path, joined.</summary>
    private static string Reasons(string stderr, string url)
    {
        var reasons = new List<string>();
        foreach (string raw in stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string line = raw;
            int bracket = line.IndexOf("] ", StringComparison.Ordinal);
            if (line.StartsWith('[') && bracket >= 0)
                line = line[(bracket + 2)..];
            line = line.Replace(url + ": ", "", StringComparison.Ordinal);
            line = line.TrimEnd('.');
            if (line.Length > 0 && !reasons.Contains(line))
                reasons.Add(line);
        }

        string joined = reasons.Count == 0 ? "ffprobe failed" : string.Join("; ", reasons);
        return joined.Length <= 300 ? joined : joined[..300] + "…";
    }

    private static MediaRejectedException Unreadable(MediaContainer container, string why) =>
        new(MediaRefusal.Invalid($"The file looks like {Describe(container)} but cannot be read: {why.TrimEnd('.')}."));

    private static string Describe(MediaContainer container) => container switch
    {
        MediaContainer.Mp4 => "an MP4/MOV",
        MediaContainer.Matroska => "a WebM/Matroska file",
        MediaContainer.Gif => "a GIF",
        MediaContainer.AnimatedWebp => "an animated WebP",
        _ => "a file",
    };
}
