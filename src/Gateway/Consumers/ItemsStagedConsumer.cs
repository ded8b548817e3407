using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class ItemsStagedConsumer(JobEventApplier applier) : IConsumer<Batch<ItemsStaged>>
{
    public Task Consume(ConsumeContext<Batch<ItemsStaged>> context) =>
        applier.ApplyAsync(context.Message.SelectMany(m => JobEvent.From(m.Message)).ToList<JobEvent>(), context.CancellationToken);
}
