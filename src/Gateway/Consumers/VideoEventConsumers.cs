using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

// The gateway's side of a video item: the workers' chunk and extraction events become counts in the database, and the
// one transaction that completes the count writes MuxVideo (VideoProgressWriter). They share the job-events endpoint
// with the image events; each is its own transaction (a video has tens of chunks, not thousands of events a second).

public sealed class FramesCompletedConsumer(VideoProgressWriter writer) : IConsumer<FramesCompleted>
{
    public Task Consume(ConsumeContext<FramesCompleted> context) => writer.ApplyAsync(context.Message, context.CancellationToken);
}

public sealed class VideoExtractedConsumer(VideoProgressWriter writer) : IConsumer<VideoExtracted>
{
    public Task Consume(ConsumeContext<VideoExtracted> context) => writer.ApplyAsync(context.Message, context.CancellationToken);
}

/// <summary>Extraction threw until its retries ran out: the item fails with internal_error, like a faulted image.</summary>
public sealed class ExtractVideoFaultConsumer(JobStateUpdater updater, ILogger<ExtractVideoFaultConsumer> logger) : IConsumer<Fault<ExtractVideo>>
{
    public Task Consume(ConsumeContext<Fault<ExtractVideo>> context) =>
        VideoFaults.FailAsync(updater, logger, "extraction", context.Message.Message.JobId, context.Message.Message.ItemIndex, context.Message, context.CancellationToken);
}

/// <summary>A chunk's inference threw until its retries ran out: the whole video item fails (its result cannot be muxed).</summary>
public sealed class CartoonizeFramesFaultConsumer(JobStateUpdater updater, ILogger<CartoonizeFramesFaultConsumer> logger) : IConsumer<Fault<CartoonizeFrames>>
{
    public Task Consume(ConsumeContext<Fault<CartoonizeFrames>> context) =>
        VideoFaults.FailAsync(updater, logger, $"chunk {context.Message.Message.Chunk}", context.Message.Message.JobId, context.Message.Message.ItemIndex,
            context.Message, context.CancellationToken);
}

public sealed class MuxVideoFaultConsumer(JobStateUpdater updater, ILogger<MuxVideoFaultConsumer> logger) : IConsumer<Fault<MuxVideo>>
{
    public Task Consume(ConsumeContext<Fault<MuxVideo>> context) =>
        VideoFaults.FailAsync(updater, logger, "mux", context.Message.Message.JobId, context.Message.Message.ItemIndex, context.Message, context.CancellationToken);
}

internal static class VideoFaults
{
    public static Task FailAsync(JobStateUpdater updater, ILogger logger, string step, Guid jobId, int index, Fault fault, CancellationToken ct)
    {
        // The details stay in the log; the client sees internal_error only.
        logger.LogError("Video {JobId}/{Index} faulted at {Step}: {Exceptions}", jobId, index, step,
            string.Join(" | ", fault.Exceptions.Select(e => $"{e.ExceptionType}: {e.Message}")));
        return updater.ApplyFaultAsync(jobId, index, fault.Timestamp, ct);
    }
}
