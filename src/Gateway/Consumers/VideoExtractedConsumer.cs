using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class VideoExtractedConsumer(VideoProgressWriter writer) : IConsumer<VideoExtracted>
{
    public Task Consume(ConsumeContext<VideoExtracted> context) => writer.ApplyAsync(context.Message, context.CancellationToken);
}
