using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class ItemFailedConsumer(JobEventApplier applier) : IConsumer<Batch<ItemFailed>>
{
    public Task Consume(ConsumeContext<Batch<ItemFailed>> context) =>
        applier.ApplyAsync(context.Message.Select(m => (JobEvent)JobEvent.From(m.Message)).ToList(), context.CancellationToken);
}
