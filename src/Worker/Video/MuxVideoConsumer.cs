using Cartoon.Messaging;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Engine.Tracking;
using Cartoon.Media;
using Cartoon.Worker.Diagnostics;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Worker.Video;

/// <summary>
/// Encodes a video item's result (<see cref="MuxVideo"/>, on the video queue):
/// <list type="number">
/// <item>A canceled job (cancel marker) is acked and nothing else.</item>
/// <item>encoding: the upload is downloaded to a temporary file (its audio track goes into MP4/WebM), every cartoon chunk
/// is streamed in order into <see cref="VideoMuxer"/> at the source's rate (one chunk decoded at a time), and the
/// frames written must be the frames extracted.</item>
/// <item>storing: the result is written at ResultKey, then ItemCompleted is published (EventId StableIds.ForItem; Faces
/// = the most faces in a frame, from the tracked faces), then the frame objects are deleted (a failure to delete is
/// logged: retention removes the job's objects anyway).</item>
/// </list>
/// A MuxVideo redelivered after success finds the frames gone and the result stored: it is acked, nothing changes (the
/// ItemCompleted was published before the frames were deleted). Frames gone without a result fail the item.
/// </summary>
public sealed partial class MuxVideoConsumer(
    ICartoonEngine engine,
    IBlobStore store,
    VideoMuxer muxer,
    IOptions<VideoOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<MuxVideoConsumer> logger) : IConsumer<MuxVideo>
{
    public async Task Consume(ConsumeContext<MuxVideo> context)
    {
        var m = context.Message;
        if (await store.ExistsAsync(JobObjectKeys.CancelMarker(m.JobId), context.CancellationToken).ConfigureAwait(false))
            return;

        var clock = Stopwatch.StartNew();
        var progress = new VideoItemProgress(context, m.JobId, m.ItemIndex, engine.Device, time, logger);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(options.Value.ConsumeTimeout);
        var input = options.Value.TempPath("source");
        var output = options.Value.TempPath("result");
        try
        {
            await MuxAsync(context, progress, input, output, timeout.Token).ConfigureAwait(false);
        }
        catch (MuxFailure failure)
        {
            await FailAsync(progress, failure.Reason, failure.Message, context.CancellationToken).ConfigureAwait(false);
        }
        catch (FfmpegException ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            await FailAsync(progress, FailureReasons.Internal, $"The video could not be encoded: {ex.Message}", context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            await FailAsync(progress, FailureReasons.Internal, $"Encoding the video took longer than {options.Value.ConsumeTimeout}.",
                context.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
            metrics.RecordMux(m.Format, clock.Elapsed);
        }
    }

    private async Task MuxAsync(ConsumeContext<MuxVideo> context, VideoItemProgress progress, string input, string output, CancellationToken ct)
    {
        var m = context.Message;
        var format = ParseFormat(m.Format) ?? throw new MuxFailure(FailureReasons.InvalidOptions, $"Unsupported video format '{m.Format}' (mp4, webm, gif, webp).");
        var rate = FrameRate.Parse(m.FrameRate) ?? throw new MuxFailure(FailureReasons.InvalidOptions, $"Invalid frame rate '{m.FrameRate}'.");
        if (m.Chunks < 1 || m.Frames < 1)
            throw new MuxFailure(FailureReasons.Internal, $"Nothing to encode: {m.Chunks} chunks, {m.Frames} frames.");

        if (!await AllChunksStoredAsync(m, ct).ConfigureAwait(false))
        {
            // After a success the frames are deleted; the result and its ItemCompleted stay.
            if (await store.ExistsAsync(m.ResultKey, ct).ConfigureAwait(false))
            {
                LogAlreadyMuxed(logger, m.JobId, m.ItemIndex);
                return;
            }
            throw new MuxFailure(FailureReasons.Internal, "The cartoon frames are gone (expired or deleted) before they were encoded.");
        }

        await progress.EnterAsync(ItemStages.Encoding, 1, ct).ConfigureAwait(false);
        var source = await store.GetAsync(m.InputKey, ct).ConfigureAwait(false);
        string? audio = null;
        if (source is not null)
        {
            await File.WriteAllBytesAsync(input, source.Data, ct).ConfigureAwait(false);
            audio = input;
        }
        source = null;

        var result = await muxer.MuxAsync(ReadFramesAsync(m, ct), new MuxRequest(format, rate) { AudioSourcePath = audio }, output, ct)
            .ConfigureAwait(false);
        if (result.Frames != m.Frames)
            throw new MuxFailure(FailureReasons.Internal, $"{result.Frames} cartoon frames were encoded; {m.Frames} were extracted.");
        var faces = await MostFacesAsync(m, ct).ConfigureAwait(false);

        await progress.EnterAsync(ItemStages.Storing, 1, ct).ConfigureAwait(false);
        var contentType = VideoMuxer.ContentType(format);
        await using (var file = new FileStream(output, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous))
            await store.PutAsync(m.ResultKey, file, file.Length, contentType, ct).ConfigureAwait(false);

        await context.Publish(new ItemCompleted
        {
            EventId = StableIds.ForItem(m.JobId, m.ItemIndex),
            JobId = m.JobId,
            ItemIndex = m.ItemIndex,
            ResultKey = m.ResultKey,
            ContentType = contentType,
            Width = result.Width,
            Height = result.Height,
            Faces = faces,
            BatchSize = 1,
            Device = engine.Device,
            // The frames' inference was reported per chunk (FramesCompleted); this message only encodes.
            InferenceMs = 0,
            QueueWaitMs = 0,
            StartedAt = progress.StartedAt,
            CompletedAt = time.GetUtcNow(),
            Stages = progress.Stages,
        }, ct).ConfigureAwait(false);
        metrics.RecordSucceeded("video", engine.Device);
        LogMuxed(logger, m.JobId, m.ItemIndex, result.Frames, format.ToString(), result.Width, result.Height, result.Bytes);

        await DeleteFramesAsync(m, ct).ConfigureAwait(false);
    }

    private async Task<bool> AllChunksStoredAsync(MuxVideo m, CancellationToken ct)
    {
        for (var chunk = 0; chunk < m.Chunks; chunk++)
        {
            if (!await store.ExistsAsync(JobObjectKeys.CartoonChunk(m.JobId, m.ItemIndex, chunk), ct).ConfigureAwait(false))
                return false;
        }
        return true;
    }

    /// <summary>One chunk decoded at a time; each chunk's frames are disposed once the muxer asked for the next chunk's.</summary>
    private async IAsyncEnumerable<Image<Rgb24>> ReadFramesAsync(MuxVideo m, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var number = 0; number < m.Chunks; number++)
        {
            var blob = await store.GetAsync(JobObjectKeys.CartoonChunk(m.JobId, m.ItemIndex, number), ct).ConfigureAwait(false)
                       ?? throw new MuxFailure(FailureReasons.Internal, $"Cartoon chunk {number} is gone.");
            using var chunk = FrameChunkCodec.Decode(blob.Data);
            foreach (var frame in chunk.Frames)
                yield return frame;
        }
    }

    private async Task<int> MostFacesAsync(MuxVideo m, CancellationToken ct)
    {
        var most = 0;
        for (var number = 0; number < m.Chunks; number++)
        {
            var blob = await store.GetAsync(JobObjectKeys.FrameFaces(m.JobId, m.ItemIndex, number), ct).ConfigureAwait(false);
            if (blob is null)
                continue;
            var frames = JsonSerializer.Deserialize<List<FrameFaces>>(blob.Data, ExtractVideoConsumer.FacesJson) ?? [];
            most = Math.Max(most, frames.Count == 0 ? 0 : frames.Max(f => f.Faces.Count));
        }
        return most;
    }

    private async Task DeleteFramesAsync(MuxVideo m, CancellationToken ct)
    {
        try
        {
            var keys = new List<string>();
            await foreach (var blob in store.ListAsync(JobObjectKeys.FramesPrefix(m.JobId, m.ItemIndex), ct).ConfigureAwait(false))
                keys.Add(blob.Key);
            foreach (var key in keys)
                await store.DeleteAsync(key, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogNotDeleted(logger, ex, m.JobId, m.ItemIndex);
        }
    }

    private async Task FailAsync(VideoItemProgress progress, string reason, string message, CancellationToken ct)
    {
        metrics.RecordFailed(reason);
        await progress.FailAsync(reason, message, 1, ct).ConfigureAwait(false);
        LogFailed(logger, reason, message);
    }

    /// <summary>mp4, webm, gif, webp (case-insensitive), or null.</summary>
    internal static VideoFormat? ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        "mp4" => VideoFormat.Mp4,
        "webm" => VideoFormat.Webm,
        "gif" => VideoFormat.Gif,
        "webp" => VideoFormat.Webp,
        _ => null,
    };

    /// <summary>The item cannot be encoded: it fails with this reason.</summary>
    private sealed class MuxFailure(string reason, string message) : Exception(message)
    {
        public string Reason { get; } = reason;
    }

    [LoggerMessage(EventId = 67, Level = LogLevel.Information,
        Message = "Video {JobId}/{ItemIndex} muxed: {Frames} frames as {Format} {Width}x{Height}, {Bytes} bytes")]
    private static partial void LogMuxed(ILogger logger, Guid jobId, int itemIndex, int frames, string format, int width, int height, long bytes);

    [LoggerMessage(EventId = 68, Level = LogLevel.Information, Message = "Video {JobId}/{ItemIndex} was muxed before (frames gone, result stored): nothing to do")]
    private static partial void LogAlreadyMuxed(ILogger logger, Guid jobId, int itemIndex);

    [LoggerMessage(EventId = 69, Level = LogLevel.Warning, Message = "The frame objects of video {JobId}/{ItemIndex} could not be deleted")]
    private static partial void LogNotDeleted(ILogger logger, Exception exception, Guid jobId, int itemIndex);

    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "Video mux failed: {Reason}: {Message}")]
    private static partial void LogFailed(ILogger logger, string reason, string message);
}
