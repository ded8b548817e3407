using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class FramesCompletedConsumer(VideoProgressWriter writer) : IConsumer<FramesCompleted>
{
    public Task Consume(ConsumeContext<FramesCompleted> context) => writer.ApplyAsync(context.Message, context.CancellationToken);
}
