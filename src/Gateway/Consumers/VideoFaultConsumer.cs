using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

/// <summary>
/// A video command threw until its retries ran out: extraction, a chunk's inference (the result cannot be muxed
/// without it) or the mux. The whole video item fails with internal_error, like a faulted image.
/// </summary>
public sealed class VideoFaultConsumer(JobStateUpdater updater, ILogger<VideoFaultConsumer> logger)
    : IConsumer<Fault<ExtractVideo>>, IConsumer<Fault<CartoonizeFrames>>, IConsumer<Fault<MuxVideo>>
{
    public Task Consume(ConsumeContext<Fault<ExtractVideo>> context) =>
        FailAsync("extraction", context.Message.Message.JobId, context.Message.Message.ItemIndex, context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<Fault<CartoonizeFrames>> context) =>
        FailAsync($"chunk {context.Message.Message.Chunk}", context.Message.Message.JobId, context.Message.Message.ItemIndex, context.Message,
            context.CancellationToken);

    public Task Consume(ConsumeContext<Fault<MuxVideo>> context) =>
        FailAsync("mux", context.Message.Message.JobId, context.Message.Message.ItemIndex, context.Message, context.CancellationToken);

    private Task FailAsync(string step, Guid jobId, int index, Fault fault, CancellationToken ct)
    {
        // The details stay in the log; the client sees internal_error only.
        logger.LogError("Video {JobId}/{Index} faulted at {Step}: {Exceptions}", jobId, index, step,
            string.Join(" | ", fault.Exceptions.Select(e => $"{e.ExceptionType}: {e.Message}")));
        return updater.ApplyFaultAsync(jobId, index, fault.Timestamp, ct);
    }
}
