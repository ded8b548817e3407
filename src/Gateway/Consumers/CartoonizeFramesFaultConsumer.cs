using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

/// <summary>A chunk's inference threw until its retries ran out: the whole video item fails (its result cannot be muxed).</summary>
public sealed class CartoonizeFramesFaultConsumer(JobStateUpdater updater, ILogger<CartoonizeFramesFaultConsumer> logger) : IConsumer<Fault<CartoonizeFrames>>
{
    public Task Consume(ConsumeContext<Fault<CartoonizeFrames>> context) =>
        VideoFaults.FailAsync(updater, logger, $"chunk {context.Message.Message.Chunk}", context.Message.Message.JobId, context.Message.Message.ItemIndex,
            context.Message, context.CancellationToken);
}
