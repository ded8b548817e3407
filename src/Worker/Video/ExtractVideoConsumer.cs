using System.Diagnostics;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Tracking;
using Cartoon.Media;
using Cartoon.Worker.Consumers;
using Cartoon.Worker.Diagnostics;
using Cartoon.Messaging;
using Cartoon.Messaging.Tiers;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker.Video;

/// <summary>
/// Extracts a video item's frames (<see cref="ExtractVideo"/>, on the video queue):
/// <list type="number">
/// <item>A canceled job (cancel marker) is acked and nothing else.</item>
/// <item>The input is downloaded to a temporary file (fetching) and probed; a refusal (empty, not a video, unsupported
/// codec, over the limits, truncated) fails the item with the refusal's code as reason and its sentence as message.</item>
/// <item>Frames are decoded (decoding) in chunks of the group limit of the tier of the frame's work size (as the
/// gateway routes an image of that size and detail), at most Video:MaxFramesPerChunk. Per chunk: ONE batched face
/// detection, ONE <see cref="FaceTracker"/> for the whole video fed in order at the clip's rate, the chunk and its
/// tracked faces stored, then <see cref="CartoonizeFrames"/> sent to the tier's queue. The cancel marker is checked
/// before each chunk: a job canceled meanwhile stops the extraction (acked, nothing more sent).</item>
/// <item>Last, <see cref="VideoExtracted"/> with the final counts (EventId StableIds.ForVideoExtracted).</item>
/// </list>
/// Redelivery is safe: chunk keys and numbers follow from the frames alone, so a rerun overwrites the same objects and
/// resends the same chunks (the gateway counts chunks by (job, item, chunk)). A hostile file fails its item; it never
/// crashes the worker or holds the queue past Video:ConsumeTimeout. Storage and broker outages throw (retried).
/// </summary>
public sealed partial class ExtractVideoConsumer(
    ICartoonEngine engine,
    IBlobStore store,
    MediaProbe probe,
    FrameExtractor extractor,
    TierCatalog tiers,
    TierSendAddresses addresses,
    GroupsInFlight groups,
    IOptions<VideoOptions> options,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<ExtractVideoConsumer> logger) : IConsumer<ExtractVideo>
{
    internal static readonly JsonSerializerOptions FacesJson = new(JsonSerializerDefaults.Web);

    public async Task Consume(ConsumeContext<ExtractVideo> context)
    {
        var m = context.Message;
        if (await store.ExistsAsync(JobObjectKeys.CancelMarker(m.JobId), context.CancellationToken).ConfigureAwait(false))
        {
            LogCanceled(logger, m.JobId, m.ItemIndex, 0);
            return;
        }

        var clock = Stopwatch.StartNew();
        // Face detection runs in the engine: a stopping host waits for it as for a batch group.
        using var inFlight = groups.Enter();
        var progress = new VideoItemProgress(context, m.JobId, m.ItemIndex, engine.Device, time, logger);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(options.Value.ConsumeTimeout);
        var input = options.Value.TempPath("input");
        try
        {
            await ExtractAsync(context, progress, input, timeout.Token).ConfigureAwait(false);
        }
        catch (MediaRejectedException ex)
        {
            await FailAsync(progress, ex.Refusal.Code, ex.Refusal.Reason, context.CancellationToken).ConfigureAwait(false);
        }
        catch (FfmpegException ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            // ffmpeg ran (it was found at start) and gave up on this file: the file's fault, not the worker's.
            await FailAsync(progress, ex.TimedOut ? FailureReasons.DecodeTimeout : MediaRefusalCodes.InvalidMedia,
                $"The video could not be decoded: {ex.Message}", context.CancellationToken).ConfigureAwait(false);
        }
        catch (ImageRejectedException ex)
        {
            await FailAsync(progress, ex.Reason, ex.Message, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested
                                   && (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested)))
        {
            await FailAsync(progress, FailureReasons.DecodeTimeout,
                $"Extracting the video took longer than {options.Value.ConsumeTimeout}.", context.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(input);
            metrics.RecordExtract(clock.Elapsed);
        }
    }

    private async Task FailAsync(VideoItemProgress progress, string reason, string message, CancellationToken ct)
    {
        metrics.RecordFailed(reason);
        await progress.FailAsync(reason, message, 1, ct).ConfigureAwait(false);
        LogFailed(logger, reason, message);
    }

    private async Task ExtractAsync(ConsumeContext<ExtractVideo> context, VideoItemProgress progress, string input, CancellationToken ct)
    {
        var m = context.Message;
        if (!ItemMapping.TryParseDetail(m.Detail, out var detail))
            throw new MediaRejectedException(new MediaRefusal(400, FailureReasons.InvalidOptions, $"Unknown detail '{m.Detail}' (standard, high)."));
        // Checked here too, so a format the mux cannot write fails now rather than after every frame ran.
        if (MuxVideoConsumer.ParseFormat(m.Format) is null)
            throw new MediaRejectedException(new MediaRefusal(400, FailureReasons.InvalidOptions, $"Unsupported video format '{m.Format}' (mp4, webm, gif, webp)."));

        await progress.EnterAsync(ItemStages.Fetching, 1, ct).ConfigureAwait(false);
        var blob = await store.GetAsync(m.InputKey, ct).ConfigureAwait(false)
                   ?? throw new MediaRejectedException(new MediaRefusal(400, MediaRefusalCodes.InvalidMedia,
                       "input_missing: the uploaded video is gone (expired or deleted) before it ran."));
        await File.WriteAllBytesAsync(input, blob.Data, ct).ConfigureAwait(false);
        blob = null;

        var info = await probe.ProbeAsync(input, ct).ConfigureAwait(false);
        // The frame is planned as an image of its size would be: its work size, and so its tier and group limit.
        var plan = tiers.Engine.PlanFor(info.Width, info.Height, detail);
        var tier = tiers.Resolve(plan);
        var framesPerChunk = Math.Max(1, Math.Min(tier.GroupLimit, options.Value.MaxFramesPerChunk));
        var tierEndpoint = await context.GetSendEndpoint(addresses.For(tier)).ConfigureAwait(false);
        await progress.EnterAsync(ItemStages.Decoding, 1, ct).ConfigureAwait(false);

        var tracker = new FaceTracker(new FaceTrackerOptions { FramesPerSecond = info.FrameRate.Value });
        var chunks = 0;
        var canceled = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        int frames;
        try
        {
            frames = await extractor.ExtractAsync(input, info, framesPerChunk, async (chunk, token) =>
            {
                if (await store.ExistsAsync(JobObjectKeys.CancelMarker(m.JobId), token).ConfigureAwait(false))
                {
                    canceled = true;
                    await stop.CancelAsync().ConfigureAwait(false);
                    token.ThrowIfCancellationRequested();
                }
                await SendChunkAsync(m, chunks, chunk, detail, plan.WorkWidth, plan.WorkHeight, tier, tracker, tierEndpoint, token).ConfigureAwait(false);
                chunks++;
            }, stop.Token).ConfigureAwait(false);
        }
        catch (Exception) when (canceled && !ct.IsCancellationRequested)
        {
            // Whatever stopping ffmpeg midway raised (canceled, killed, a frame cut short): the job is canceled.
            LogCanceled(logger, m.JobId, m.ItemIndex, chunks);
            return;
        }

        await context.Publish(new VideoExtracted
        {
            EventId = StableIds.ForVideoExtracted(m.JobId, m.ItemIndex),
            JobId = m.JobId,
            ItemIndex = m.ItemIndex,
            Chunks = chunks,
            Frames = frames,
            FrameRate = info.FrameRate.ToString(),
            Width = info.Width,
            Height = info.Height,
            HasAudio = info.HasAudio,
            At = time.GetUtcNow(),
        }, ct).ConfigureAwait(false);
        LogExtracted(logger, m.JobId, m.ItemIndex, frames, chunks, info.Width, info.Height, info.FrameRate.ToString(), tier.Name);
    }

    private async Task SendChunkAsync(ExtractVideo m, int number, FrameChunk chunk, Detail detail, int workWidth, int workHeight,
        TierPlan tier, FaceTracker tracker, ISendEndpoint tierEndpoint, CancellationToken ct)
    {
        var pixels = chunk.Frames.Select(PixelBuffer.From).ToArray();
        var detected = await engine.DetectFacesAsync(pixels, detail, ct).ConfigureAwait(false);
        var tracked = tracker.UpdateChunk(chunk.FirstFrameIndex, detected);

        var framesKey = JobObjectKeys.FrameChunk(m.JobId, m.ItemIndex, number);
        var facesKey = JobObjectKeys.FrameFaces(m.JobId, m.ItemIndex, number);
        await store.PutAsync(framesKey, FrameChunkCodec.Encode(chunk), FrameChunkCodec.ContentType, ct).ConfigureAwait(false);
        await store.PutAsync(facesKey, JsonSerializer.SerializeToUtf8Bytes(tracked, FacesJson), "application/json", ct).ConfigureAwait(false);

        // Sent only once both objects are stored: the tier worker finds them whenever it receives the command.
        await tierEndpoint.Send(new CartoonizeFrames
        {
            JobId = m.JobId,
            ItemIndex = m.ItemIndex,
            TenantId = m.TenantId,
            Chunk = number,
            FirstFrame = chunk.FirstFrameIndex,
            FrameCount = chunk.Count,
            FramesKey = framesKey,
            FacesKey = facesKey,
            ResultKey = JobObjectKeys.CartoonChunk(m.JobId, m.ItemIndex, number),
            Style = m.Style,
            Strength = m.Strength,
            MaxSide = m.MaxSide,
            Detail = m.Detail,
            WorkWidth = workWidth,
            WorkHeight = workHeight,
            Tier = tier.Name,
            SubmittedAt = m.SubmittedAt,
        }, ct).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Video {JobId}/{ItemIndex}: job canceled, extraction stopped after {Chunks} chunks")]
    private static partial void LogCanceled(ILogger logger, Guid jobId, int itemIndex, int chunks);

    [LoggerMessage(EventId = 62, Level = LogLevel.Information,
        Message = "Video {JobId}/{ItemIndex} extracted: {Frames} frames in {Chunks} chunks, {Width}x{Height} at {FrameRate}, tier {Tier}")]
    private static partial void LogExtracted(ILogger logger, Guid jobId, int itemIndex, int frames, int chunks, int width, int height, string frameRate, string tier);

    [LoggerMessage(EventId = 63, Level = LogLevel.Information, Message = "Video item failed: {Reason}: {Message}")]
    private static partial void LogFailed(ILogger logger, string reason, string message);
}
