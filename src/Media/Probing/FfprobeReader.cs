using System.Globalization;
using System.Text.Json;
using Cartoon.Media.Ffmpeg;
using Cartoon.Media.Frames;

namespace Cartoon.Media.Probing;

/// <summary>
/// The ffprobe runs behind <see cref="MediaProbe"/> for MP4/MOV, WebM/Matroska and GIF: headers first; then, only
/// where the headers leave it open, a demux-only pass (packet count of a live-recorded WebM, frame delays of a GIF).
/// Whatever ffprobe cannot read becomes a <see cref="MediaRejectedException"/> with its reason.
/// </summary>
internal sealed class FfprobeReader(FfmpegRunner runner)
{
    private const int CentisecondMs = 10;

    public async Task<MediaInfo> DescribeAsync(string path, MediaContainer container, long size, CancellationToken cancellationToken)
    {
        string json = await RunAsync(path, container, ["-show_entries", FfprobeOutput.Entries, "-of", "json"], cancellationToken)
            .ConfigureAwait(false);
        FfprobeOutput output;
        try
        {
            output = FfprobeOutput.Parse(json);
        }
        catch (JsonException ex)
        {
            throw Unreadable(container, ex.Message);
        }

        FfprobeStream video = output.Streams.FirstOrDefault(s => s.CodecType == "video" && !s.AttachedPicture)
            ?? throw new MediaRejectedException(MediaRefusal.NoVideoStream($"The file is {Describe(container)} without a video stream."));
        if (video.Width <= 0 || video.Height <= 0)
            throw new MediaRejectedException(MediaRefusal.Invalid($"The file is {Describe(container)} but its video has no readable frame size."));
        int rotation = (int)(((Math.Round((video.Rotation ?? 0) / 90) * 90 % 360) + 360) % 360);
        (int width, int height) = rotation is 90 or 270 ? (video.Height, video.Width) : (video.Width, video.Height);

        FrameRate rate;
        TimeSpan duration;
        long frames;
        if (container == MediaContainer.Gif)
        {
            AnimationTiming timing = await GifTimingAsync(path, video.Index, cancellationToken).ConfigureAwait(false);
            (rate, duration, frames) = (timing.Rate, TimeSpan.FromMilliseconds(timing.TotalMs), timing.FrameCount);
        }
        else
        {
            // The average rate: a phone's variable-rate clip averages 29.87 where its base rate may read 90000.
            rate = FrameRate.Parse(video.AverageFrameRate) ?? FrameRate.Parse(video.BaseFrameRate)
                ?? throw new MediaRejectedException(MediaRefusal.Invalid($"The file is {Describe(container)} but its video has no frame rate."));
            double? seconds = video.Duration ?? output.Duration;
            long? counted = null;
            if (seconds is not > 0)
            {
                // A live-recorded WebM (a browser's MediaRecorder) declares no duration: count its packets instead
                // (demuxing only), once the file is known not to be over the size limit.
                if (runner.Options.Limits.CheckBytes(size) is { } tooBig)
                    throw new MediaRejectedException(tooBig);
                counted = await CountPacketsAsync(path, container, video.Index, cancellationToken).ConfigureAwait(false);
                seconds = counted / rate.Value;
            }

            if (seconds is not > 0)
                throw new MediaRejectedException(MediaRefusal.Invalid($"The file is {Describe(container)} but its video has no duration."));
            duration = Seconds(seconds.Value);
            frames = counted ?? (video.FrameCount is > 0 ? video.FrameCount.Value : Math.Max(1, rate.FramesIn(duration)));
        }

        TimeSpan containerDuration = output.Duration is > 0 ? Seconds(output.Duration.Value) : duration;
        FfprobeStream? audio = output.Streams.FirstOrDefault(s => s.CodecType == "audio");
        return new MediaInfo(container, output.FormatName, video.Index, video.CodecName, width, height, rotation, rate,
            duration, containerDuration, frames, audio is not null, audio?.CodecName, size);
    }

    /// <summary>
    /// A GIF's frame delays from its packet list; ffmpeg's GIF demuxer already reads delays under 2 cs as 10 cs. (ffmpeg's
    /// own base rate is no use here: with two frames it falls back to 100 fps, and its constant-rate output drops the
    /// last frame's delay, so a GIF that holds its last frame would lose the hold.)
    /// </summary>
    public async Task<AnimationTiming> GifTimingAsync(string path, int stream, CancellationToken cancellationToken)
    {
        string csv;
        try
        {
            csv = await RunAsync(path, MediaContainer.Gif,
                ["-select_streams", stream.ToString(CultureInfo.InvariantCulture), "-show_entries", "packet=duration_time", "-of", "csv=p=0"],
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // More packet lines than ffprobe's captured output holds: hundreds of thousands of frames.
            throw new MediaRejectedException(MediaRefusal.TooLarge(MediaRefusalCodes.TooManyFrames, "The GIF has hundreds of thousands of frames."));
        }

        var delays = new List<int>();
        foreach (string line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "N/A" (no delay) reads as 0, which the timing shows as 100 ms.
            double seconds = double.TryParse(line.TrimEnd(','), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 ? s : 0;
            delays.Add((int)Math.Min(int.MaxValue, Math.Round(seconds * 1000)));
        }

        if (delays.Count == 0)
            throw new MediaRejectedException(MediaRefusal.Invalid("The GIF has no frames."));
        return AnimationTiming.For(delays, runner.Options.MaxAnimationFrameRate, CentisecondMs);
    }

    private async Task<long?> CountPacketsAsync(string path, MediaContainer container, int stream, CancellationToken cancellationToken)
    {
        string json = await RunAsync(path, container,
            ["-select_streams", stream.ToString(CultureInfo.InvariantCulture), "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "json"],
            cancellationToken).ConfigureAwait(false);
        return FfprobeOutput.Parse(json).Streams.FirstOrDefault()?.ReadPackets;
    }

    /// <summary>ffprobe on the file with <paramref name="arguments"/>; its stdout. A run ffprobe gives up on is the file's fault.</summary>
    private async Task<string> RunAsync(string path, MediaContainer container, string[] arguments, CancellationToken cancellationToken)
    {
        string url = InputArguments.Url(path);
        try
        {
            FfmpegResult result = await runner.RunAsync(
                new FfmpegCommand(MediaTool.Ffprobe, [.. InputArguments.Options(container), .. arguments, url], runner.Options.ProbeTimeout),
                cancellationToken).ConfigureAwait(false);
            return result.Stdout;
        }
        catch (FfmpegException ex) when (ex.ExitCode is not null || ex.TimedOut)
        {
            throw Unreadable(container, ex.TimedOut
                ? $"reading it took over {runner.Options.ProbeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
                : FfmpegReasons.From(ex.StderrTail, url));
        }
    }

    /// <summary>Durations a header claims can be absurd (years): clamp instead of overflowing TimeSpan.</summary>
    private static TimeSpan Seconds(double seconds) =>
        seconds >= TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.MaxValue / 2 : TimeSpan.FromSeconds(seconds);

    private static MediaRejectedException Unreadable(MediaContainer container, string why) =>
        new(MediaRefusal.Invalid($"The file looks like {Describe(container)} but cannot be read: {why.TrimEnd('.')}."));

    private static string Describe(MediaContainer container) => container switch
    {
        MediaContainer.Mp4 => "an MP4/MOV",
        MediaContainer.Matroska => "a WebM/Matroska file",
        MediaContainer.Gif => "a GIF",
        _ => "a video",
    };
}
