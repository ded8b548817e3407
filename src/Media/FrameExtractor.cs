using System.Buffers;
using System.Globalization;
using Cartoon.Media.Ffmpeg;
using Cartoon.Media.Frames;
using Cartoon.Media.Probing;
using Cartoon.Media.Webp;
using Microsoft.Win32.SafeHandles;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Media;

/// <summary>
/// Decodes every frame of a probed video, in order, at the constant rate of <see cref="MediaInfo.FrameRate"/> (frames
/// repeated or dropped to hold it, so frame count / rate is the duration), rotated for display, as 8-bit RGB frames in
/// chunks of a fixed size.
/// <list type="bullet">
/// <item>MP4/MOV, WebM/Matroska: ffmpeg decodes to raw RGB over a pipe, with its autorotation and <c>-fps_mode cfr</c>.</item>
/// <item>GIF: ffmpeg decodes each stored image (RGBA, flattened onto white here) and the frames are resampled here.</item>
/// <item>Animated WebP (ffmpeg 5.1 has no decoder for it): each frame is decoded by ImageSharp, composited onto the
/// canvas here and flattened onto white.</item>
/// </list>
/// Animations' variable delays become the constant <see cref="MediaInfo.FrameRate"/>: a common rate when every frame
/// starts near one of its ticks, else one frame per shortest delay, frames held longer repeated, capped at
/// <see cref="MediaOptions.MaxAnimationFrameRate"/> (a frame shorter than a tick of the cap may be skipped).
/// The file is held to its header: ffmpeg is stopped a little past <see cref="MediaInfo.FrameCount"/> (2 frames or 2 %)
/// and a file that gets there, or ends more than that short of it (a truncated upload), is refused with
/// <see cref="MediaRefusalCodes.InvalidMedia"/> — after the chunks before it were handed over.
/// </summary>
public sealed class FrameExtractor(FfmpegRunner runner)
{
    private readonly FfprobeReader ffprobe = new(runner);

    /// <summary>
    /// Extracts <paramref name="path"/>, described by <paramref name="info"/> from <see cref="MediaProbe"/>, calling
    /// <paramref name="onChunk"/> with chunks of <paramref name="framesPerChunk"/> frames (the last may be shorter), one
    /// at a time and in order. A chunk and its frames are the extractor's: they are disposed when
    /// <paramref name="onChunk"/> returns, so clone what must outlive it. Returns the number of frames extracted.
    /// </summary>
    /// <exception cref="MediaRejectedException">The file is over the limits, or not what its header says.</exception>
    /// <exception cref="FfmpegException">ffmpeg failed or ran past <see cref="MediaOptions.ExtractTimeout"/>.</exception>
    /// <exception cref="TimeoutException">An animated WebP took longer than <see cref="MediaOptions.ExtractTimeout"/>.</exception>
    public async Task<int> ExtractAsync(
        string path, MediaInfo info, int framesPerChunk, Func<FrameChunk, CancellationToken, Task> onChunk, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(onChunk);
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerChunk, 1);
        // Again here, whatever the caller did: the limits are what keep a lying header from decoding for hours.
        if (runner.Options.Limits.Check(info) is { } refusal)
            throw new MediaRejectedException(refusal);

        using var builder = new ChunkBuilder(framesPerChunk, onChunk);
        if (info.Container == MediaContainer.AnimatedWebp)
            await ExtractWebpAsync(path, info, builder, cancellationToken).ConfigureAwait(false);
        else
            await ExtractWithFfmpegAsync(path, info, builder, cancellationToken).ConfigureAwait(false);
        await builder.FlushAsync(cancellationToken).ConfigureAwait(false);
        return builder.Count;
    }

    private async Task ExtractWithFfmpegAsync(string path, MediaInfo info, ChunkBuilder builder, CancellationToken cancellationToken)
    {
        // A GIF is decoded frame by frame as stored (its images, composited by ffmpeg) and resampled here to the
        // probed rate; a video is resampled by ffmpeg (-fps_mode cfr).
        bool gif = info.Container == MediaContainer.Gif;
        AnimationTiming? timing = gif
            ? await ffprobe.GifTimingAsync(path, info.VideoStreamIndex, cancellationToken).ConfigureAwait(false)
            : null;
        long expected = timing?.SourceFrameCount ?? info.FrameCount;
        long slack = Math.Max(2, expected / 50);
        long cap = expected + slack + 1;
        VideoLimits limits = runner.Options.Limits;
        long maxPixels = Math.Min(int.MaxValue, (long)(limits.MaxFrameWidth + 64) * (limits.MaxFrameHeight + 64));

        var arguments = new List<string>
        {
            "-threads", runner.Options.Threads.ToString(CultureInfo.InvariantCulture),
            // A stream whose later frames grow past the limits (a second SPS) fails instead of allocating for them.
            "-max_pixels", maxPixels.ToString(CultureInfo.InvariantCulture),
        };
        arguments.AddRange(InputArguments.Options(info.Container));
        arguments.AddRange(
        [
            "-i", InputArguments.Url(path),
            "-map", "0:" + info.VideoStreamIndex.ToString(CultureInfo.InvariantCulture), "-an", "-sn", "-dn",
            // Autorotation runs first; the scale pins every frame to the probed size whatever the stream does later.
            "-vf", $"scale={info.Width}:{info.Height}",
            .. gif ? ["-fps_mode", "passthrough"] : new[] { "-fps_mode", "cfr", "-r", info.FrameRate.ToString() },
            "-frames:v", cap.ToString(CultureInfo.InvariantCulture),
            // GIF frames can be transparent (flattened onto white here); everything else decodes opaque.
            "-pix_fmt", gif ? "rgba" : "rgb24", "-f", "rawvideo", "pipe:1",
        ]);

        using var resampler = timing is null ? null : new AnimationResampler(timing, builder);
        int decoded = 0;
        var command = new FfmpegCommand(MediaTool.Ffmpeg, arguments, runner.Options.ExtractTimeout)
        {
            Stdout = (stdout, ct) => ReadFramesAsync(stdout, info, gif, async (frame, token) =>
            {
                decoded++;
                await (resampler is null ? builder.AddAsync(frame, token) : resampler.AddAsync(frame, token)).ConfigureAwait(false);
            }, ct),
        };
        await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);

        if (decoded == 0)
            throw new MediaRejectedException(MediaRefusal.Invalid("No frame of the video could be decoded."));
        if (decoded >= cap)
            throw new MediaRejectedException(MediaRefusal.Invalid(
                $"The video has more frames than its header declares ({expected}); decoding was stopped at {cap}."));
        if (decoded < expected - slack)
            throw new MediaRejectedException(MediaRefusal.Invalid(
                $"The video ends early: {decoded} of the {expected} frames its header declares could be decoded (truncated or damaged)."));
        if (resampler is not null)
            await resampler.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReadFramesAsync(
        Stream stdout, MediaInfo info, bool alpha, Func<Image<Rgb24>, CancellationToken, Task> onFrame, CancellationToken cancellationToken)
    {
        int frameBytes = info.Width * info.Height * (alpha ? 4 : 3);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(frameBytes);
        try
        {
            while (true)
            {
                int read = await stdout.ReadAtLeastAsync(buffer.AsMemory(0, frameBytes), frameBytes, throwOnEndOfStream: false, cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                    return;
                if (read < frameBytes)
                    throw new MediaRejectedException(MediaRefusal.Invalid("The decoder stopped in the middle of a frame."));
                ReadOnlySpan<byte> pixels = buffer.AsSpan(0, frameBytes);
                Image<Rgb24> frame = alpha
                    ? WhiteMatte.Flatten(pixels, info.Width, info.Height)
                    : Image.LoadPixelData<Rgb24>(pixels, info.Width, info.Height);
                await onFrame(frame, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ExtractWebpAsync(string path, MediaInfo info, ChunkBuilder builder, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(runner.Options.ExtractTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using SafeFileHandle file = File.OpenHandle(path);
            AnimatedWebpIndex index = AnimatedWebpIndex.Read(file);
            if (index.CanvasWidth != info.Width || index.CanvasHeight != info.Height)
                throw new ArgumentException($"The file is not the one probed: its canvas is {index.CanvasWidth}×{index.CanvasHeight}.", nameof(info));
            using var canvas = new AnimatedWebpCanvas(file, index);
            using var resampler = new AnimationResampler(WebpProbe.Timing(index, runner.Options.MaxAnimationFrameRate), builder);
            for (int frame = 0; frame < index.Frames.Count; frame++)
            {
                canvas.PlayTo(frame, linked.Token);
                await resampler.AddAsync(WhiteMatte.Flatten(canvas.Canvas), linked.Token).ConfigureAwait(false);
            }

            await resampler.FinishAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Decoding the animated WebP took longer than {runner.Options.ExtractTimeout}.");
        }
    }
}
