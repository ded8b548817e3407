using System.Diagnostics;
using System.Text.Json;
using Cartoon.Contracts;
using Cartoon.Engine;
using Cartoon.Engine.Imaging;
using Cartoon.Engine.Tracking;
using Cartoon.Media;
using Cartoon.Worker.Consumers;
using Cartoon.Worker.Diagnostics;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Cartoon.Worker.Video;

/// <summary>
/// Cartoonizes one chunk of a video item (<see cref="CartoonizeFrames"/>, on the tier queue of the frame's work size,
/// beside <see cref="CartoonizeBatchConsumer"/>). A chunk is already a full group, so it is consumed alone:
/// <list type="number">
/// <item>A canceled job (cancel marker) is acked and nothing else.</item>
/// <item>At most Tiers:ConcurrencyLimit chunks are decoded at once per worker (<see cref="FrameChunkGate"/>: memory).</item>
/// <item>The chunk and its tracked faces are read; ONE engine call over all its frames, each with its tracked faces and
/// <see cref="OutputFormat.Raw"/> (MaxSide applies as for an image); the cartoon frames are stored as one chunk at
/// ResultKey, and only then FramesCompleted is published (EventId StableIds.ForFrames: a redelivered chunk repeats it).</item>
/// <item>A frame the engine fails fails the whole item (ItemFailed with the engine's reason). Missing frame objects
/// fail it too (internal_error): nobody else would.</item>
/// </list>
/// The chunk is held to its tier's consume timeout like a group (gate wait included): past it, a
/// <see cref="GroupTimeoutException"/> (transient) runs it again rather than letting a stuck engine hold it for ever.
/// Transient faults (storage, broker, I/O) throw and are retried by the tier endpoint (<see cref="CartoonizeBatchConsumerDefinition.IsTransient"/>);
/// any other engine exception fails the item instead of parking the chunk in the error queue, where the item would wait
/// for ever.
/// </summary>
public sealed partial class CartoonizeFramesConsumer(
    ICartoonEngine engine,
    IBlobStore store,
    FrameChunkGate gate,
    GroupsInFlight groups,
    WorkerEndpoints endpoints,
    TimeProvider time,
    WorkerMetrics metrics,
    ILogger<CartoonizeFramesConsumer> logger) : IConsumer<CartoonizeFrames>
{
    public async Task Consume(ConsumeContext<CartoonizeFrames> context)
    {
        var timeout = endpoints.ConsumeTimeoutFor(context.ReceiveContext.InputAddress);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await ConsumeChunkAsync(context, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // No inner exception, as for a group: MassTransit would report a bare ConsumerCanceledException.
            throw new GroupTimeoutException(timeout, context.Message.FrameCount);
        }
    }

    private async Task ConsumeChunkAsync(ConsumeContext<CartoonizeFrames> context, CancellationToken ct)
    {
        var m = context.Message;
        if (await store.ExistsAsync(JobObjectKeys.CancelMarker(m.JobId), ct).ConfigureAwait(false))
            return;

        using var slot = await gate.EnterAsync(ct).ConfigureAwait(false);
        // Counted with the batch groups: a stopping host waits for this chunk to leave the engine before disposing it.
        using var inFlight = groups.Enter();
        var progress = new VideoItemProgress(context, m.JobId, m.ItemIndex, engine.Device, time, logger);
        var clock = Stopwatch.StartNew();

        var chunkBlob = await store.GetAsync(m.FramesKey, ct).ConfigureAwait(false);
        var facesBlob = await store.GetAsync(m.FacesKey, ct).ConfigureAwait(false);
        if (chunkBlob is null || facesBlob is null)
        {
            await FailAsync(progress, m, FailureReasons.Internal, $"The frames of chunk {m.Chunk} are gone (expired or deleted) before they ran.", ct).ConfigureAwait(false);
            return;
        }
        if (!ItemMapping.TryParseDetail(m.Detail, out var detail))
        {
            await FailAsync(progress, m, FailureReasons.InvalidOptions, $"Unknown detail '{m.Detail}' (standard, high).", ct).ConfigureAwait(false);
            return;
        }

        CartoonRequest[] requests;
        using (var chunk = FrameChunkCodec.Decode(chunkBlob.Data))
        {
            var faces = (JsonSerializer.Deserialize<List<FrameFaces>>(facesBlob.Data, ExtractVideoConsumer.FacesJson) ?? [])
                .ToDictionary(f => f.Frame);
            var options = new CartoonParameters
            {
                Style = m.Style,
                Strength = m.Strength,
                MaxSide = m.MaxSide,
                Detail = detail,
                Format = OutputFormat.Raw,
            };
            // Frames without a tracked entry (none expected) are detected by the engine as a photo would be.
            requests = chunk.Frames.Select((frame, i) => CartoonRequest.ForFrame(PixelBuffer.From(frame), options,
                faces.TryGetValue(chunk.FirstFrameIndex + i, out var tracked) ? tracked.RequestFaces() : null,
                (chunk.FirstFrameIndex + i).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        }
        chunkBlob = null;

        await progress.EnterAsync(ItemStages.Inferring, requests.Length, ct).ConfigureAwait(false);
        CartoonGroupResult group;
        try
        {
            group = await engine.CartoonizeAsync(requests, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !CartoonizeBatchConsumerDefinition.IsTransient(ex))
        {
            LogEngineThrew(logger, ex, m.JobId, m.ItemIndex, m.Chunk);
            await FailAsync(progress, m, FailureReasons.Internal, "The engine failed on the frames of this video.", ct).ConfigureAwait(false);
            return;
        }
        metrics.RecordEngineCall(m.Tier, group.Stats.Device, requests.Length, group.Stats.Faces, group.Stats.InferenceMs);

        var results = ItemMapping.MatchResults(requests, group.Items);
        var failedAt = Array.FindIndex(results, r => r is not { Succeeded: true });
        if (failedAt >= 0)
        {
            var bad = results[failedAt];
            await FailAsync(progress, m, bad?.FailureReason ?? FailureReasons.Internal,
                $"Frame {m.FirstFrame + failedAt}: {bad?.FailureMessage ?? "the engine returned no result"}", ct).ConfigureAwait(false);
            return;
        }

        var cartoons = results.Select(r => Image.LoadPixelData<Rgb24>(r!.Output, r.Width, r.Height)).ToArray();
        using (var cartoon = new FrameChunk(m.FirstFrame, cartoons))
            await store.PutAsync(m.ResultKey, FrameChunkCodec.Encode(cartoon), FrameChunkCodec.ContentType, ct).ConfigureAwait(false);
        metrics.RecordFramesCartoonized(m.Tier, group.Stats.Device, requests.Length);

        await context.Publish(new FramesCompleted
        {
            EventId = StableIds.ForFrames(m.JobId, m.ItemIndex, m.Chunk),
            JobId = m.JobId,
            ItemIndex = m.ItemIndex,
            Chunk = m.Chunk,
            Frames = requests.Length,
            // The most faces in one frame: what the item's ItemCompleted reports as its faces.
            Faces = results.Max(r => r!.Faces),
            Device = group.Stats.Device,
            InferenceMs = group.Stats.InferenceMs,
            StartedAt = progress.StartedAt,
            CompletedAt = time.GetUtcNow(),
        }, ct).ConfigureAwait(false);
        LogChunk(logger, m.JobId, m.ItemIndex, m.Chunk, requests.Length, m.Tier, group.Stats.Device, group.Stats.InferenceMs, clock.Elapsed.TotalMilliseconds);
    }

    private async Task FailAsync(VideoItemProgress progress, CartoonizeFrames m, string reason, string message, CancellationToken ct)
    {
        metrics.RecordFailed(reason);
        await progress.FailAsync(reason, message, m.FrameCount, ct).ConfigureAwait(false);
        LogFailed(logger, m.JobId, m.ItemIndex, m.Chunk, reason, message);
    }

    [LoggerMessage(EventId = 64, Level = LogLevel.Information,
        Message = "Video {JobId}/{ItemIndex} chunk {Chunk}: {Frames} frames tier={Tier} device={Device} inference_ms={InferenceMs:F1} total_ms={TotalMs:F1}")]
    private static partial void LogChunk(ILogger logger, Guid jobId, int itemIndex, int chunk, int frames, string tier, string device, double inferenceMs, double totalMs);

    [LoggerMessage(EventId = 65, Level = LogLevel.Warning, Message = "The engine threw for video {JobId}/{ItemIndex} chunk {Chunk}")]
    private static partial void LogEngineThrew(ILogger logger, Exception exception, Guid jobId, int itemIndex, int chunk);

    [LoggerMessage(EventId = 66, Level = LogLevel.Information, Message = "Video {JobId}/{ItemIndex} chunk {Chunk} failed the item: {Reason}: {Message}")]
    private static partial void LogFailed(ILogger logger, Guid jobId, int itemIndex, int chunk, string reason, string message);
}
