using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

/// <summary>A video's extraction result (its chunk count) and its cartoonized chunks become counts in the database (<see cref="VideoProgressWriter"/>).</summary>
public sealed class VideoProgressConsumer(VideoProgressWriter writer) : IConsumer<VideoExtracted>, IConsumer<FramesCompleted>
{
    public Task Consume(ConsumeContext<VideoExtracted> context) => writer.ApplyAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<FramesCompleted> context) => writer.ApplyAsync(context.Message, context.CancellationToken);
}
