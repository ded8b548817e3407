using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class ItemCompletedConsumer(JobEventApplier applier) : IConsumer<Batch<ItemCompleted>>
{
    public Task Consume(ConsumeContext<Batch<ItemCompleted>> context) =>
        applier.ApplyAsync(context.Message.Select(m => (JobEvent)JobEvent.From(m.Message)).ToList(), context.CancellationToken);
}
