using System.Buffers;
using System.Globalization;
using Cartoon.Media.Ffmpeg;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media;

/// <summary>
/// Encodes frames, in order, into a video or animation with ffmpeg: frames go in as raw RGB over stdin at the
/// request's constant rate, and the first audio track of the original upload is carried over (re-encoded, cut to the
/// frames' length) into MP4 and WebM.
/// </summary>
public sealed class VideoMuxer(FfmpegRunner runner)
{
    /// <summary>
    /// Writes <paramref name="frames"/> to <paramref name="outputPath"/> (replaced if it exists, removed on failure).
    /// Every frame must be the size of the first. The muxer is done with a frame when it asks for the next, so the
    /// producer may dispose each one after yielding it.
    /// </summary>
    /// <exception cref="ArgumentException">No frames, or a frame of another size.</exception>
    /// <exception cref="FfmpegException">ffmpeg failed or ran past <see cref="MediaOptions.MuxTimeout"/>.</exception>
    public async Task<MuxResult> MuxAsync(IAsyncEnumerable<Image<Rgb24>> frames, MuxRequest request, string outputPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        await using IAsyncEnumerator<Image<Rgb24>> frame = frames.GetAsyncEnumerator(cancellationToken);
        if (!await frame.MoveNextAsync().ConfigureAwait(false))
            throw new ArgumentException("There are no frames to mux.", nameof(frames));
        int width = frame.Current.Width, height = frame.Current.Height;
        bool video = request.Format is VideoFormat.Mp4 or VideoFormat.Webm;
        // yuv420p halves chroma both ways, so libx264 and libvpx take only even sizes: drop the odd last row/column.
        (int outWidth, int outHeight) = video ? (width & ~1, height & ~1) : (width, height);
        if (outWidth == 0 || outHeight == 0)
            throw new ArgumentException($"A {width}×{height} frame is too small to encode as {request.Format}.", nameof(frames));
        MediaContainer audio = video && request.AudioSourcePath is { } source
            ? await MediaSniffer.SniffFileAsync(source, cancellationToken).ConfigureAwait(false)
            : MediaContainer.Unknown;
        bool withAudio = audio is MediaContainer.Mp4 or MediaContainer.Matroska;

        List<string> arguments = Arguments(request, width, height, outWidth, outHeight, withAudio ? audio : null, outputPath);
        int written = 0;
        var command = new FfmpegCommand(MediaTool.Ffmpeg, arguments, runner.Options.MuxTimeout)
        {
            Stdin = async (stdin, ct) =>
            {
                int bytes = width * height * 3;
                byte[] buffer = ArrayPool<byte>.Shared.Rent(bytes);
                try
                {
                    do
                    {
                        Image<Rgb24> current = frame.Current;
                        if (current.Width != width || current.Height != height)
                            throw new ArgumentException($"Frame {written} is {current.Width}×{current.Height}; the first was {width}×{height}.", nameof(frames));
                        current.CopyPixelDataTo(buffer.AsSpan(0, bytes));
                        await stdin.WriteAsync(buffer.AsMemory(0, bytes), ct).ConfigureAwait(false);
                        written++;
                    }
                    while (await frame.MoveNextAsync().ConfigureAwait(false));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            },
        };

        try
        {
            await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Only a file: an output folder that does not exist must leave ffmpeg's error to be thrown, not a delete's.
            if (File.Exists(outputPath))
                File.Delete(outputPath);
            throw;
        }

        return new MuxResult(written, outWidth, outHeight, new FileInfo(outputPath).Length);
    }

    /// <summary>
    /// Writes to <paramref name="output"/> by way of a temporary file: MP4's <c>+faststart</c> moves the index to the
    /// front after the fact, which needs a seekable output.
    /// </summary>
    public async Task<MuxResult> MuxAsync(IAsyncEnumerable<Image<Rgb24>> frames, MuxRequest request, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        string temporary = Path.Combine(Path.GetTempPath(), $"cartoon-mux-{Guid.NewGuid():N}.{Extension(request.Format)}");
        try
        {
            MuxResult result = await MuxAsync(frames, request, temporary, cancellationToken).ConfigureAwait(false);
            await using (var file = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous))
                await file.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The usual file extension of <paramref name="format"/>.</summary>
    public static string Extension(VideoFormat format) => format switch
    {
        VideoFormat.Mp4 => "mp4",
        VideoFormat.Webm => "webm",
        VideoFormat.Gif => "gif",
        VideoFormat.Webp => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The MIME type of <paramref name="format"/>.</summary>
    public static string ContentType(VideoFormat format) => format switch
    {
        VideoFormat.Mp4 => "video/mp4",
        VideoFormat.Webm => "video/webm",
        VideoFormat.Gif => "image/gif",
        VideoFormat.Webp => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    private List<string> Arguments(MuxRequest request, int width, int height, int outWidth, int outHeight, MediaContainer? audio, string outputPath)
    {
        string threads = runner.Options.Threads.ToString(CultureInfo.InvariantCulture);
        VideoEncoding encoding = runner.Options.Encoding;
        var arguments = new List<string>
        {
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-framerate", request.FrameRate.ToString(), "-i", "pipe:0",
        };
        if (audio is { } container)
        {
            arguments.AddRange(InputArguments.Options(container));
            arguments.AddRange(["-i", InputArguments.Url(request.AudioSourcePath!)]);
        }

        arguments.AddRange(["-map", "0:v:0"]);
        if (audio is not null)
            arguments.AddRange(["-map", "1:a:0?", "-shortest", "-b:a", $"{encoding.AudioBitrateKbps}k"]);

        string crop = outWidth != width || outHeight != height ? $"crop={outWidth}:{outHeight}:0:0," : "";
        // RGB to BT.709 limited-range YUV, tagged as such, so players do not guess BT.601 and shift the colours.
        string yuv = $"{crop}scale=out_color_matrix=bt709:out_range=tv,format=yuv420p";
        string[] bt709 = ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv"];
        switch (request.Format)
        {
            case VideoFormat.Mp4:
                arguments.AddRange(["-vf", yuv, "-c:v", "libx264", "-preset", encoding.H264Preset,
                    "-crf", encoding.H264Crf.ToString(CultureInfo.InvariantCulture), "-threads", threads, .. bt709]);
                if (audio is not null)
                    arguments.AddRange(["-c:a", "aac"]);
                arguments.AddRange(["-movflags", "+faststart", "-f", "mp4"]);
                break;
            case VideoFormat.Webm:
                arguments.AddRange(["-vf", yuv, "-c:v", "libvpx-vp9", "-crf", encoding.Vp9Crf.ToString(CultureInfo.InvariantCulture), "-b:v", "0",
                    "-deadline", "good", "-cpu-used", encoding.Vp9CpuUsed.ToString(CultureInfo.InvariantCulture), "-row-mt", "1",
                    "-threads", threads, .. bt709]);
                if (audio is not null)
                    arguments.AddRange(["-c:a", "libopus"]);
                arguments.AddRange(["-f", "webm"]);
                break;
            case VideoFormat.Gif:
                // A palette per frame (stats_mode=single, new=1): no pass over the whole clip first, so memory stays one
                // frame deep however long the clip, and each frame gets its own 256 colours.
                arguments.AddRange(["-vf", "split[a][b];[a]palettegen=stats_mode=single[p];[b][p]paletteuse=new=1",
                    "-loop", "0", "-f", "gif"]);
                break;
            case VideoFormat.Webp:
                arguments.AddRange(["-c:v", "libwebp_anim", "-quality", encoding.WebpQuality.ToString(CultureInfo.InvariantCulture),
                    "-loop", "0", "-f", "webp"]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Format, "Unknown output format.");
        }

        arguments.AddRange(["-y", InputArguments.Url(outputPath)]);
        return arguments;
    }
}
