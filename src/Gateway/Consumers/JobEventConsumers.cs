using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

// The gateway's side of the bus: worker progress and outcomes become job state. All four share one endpoint
// (JobEventsEndpoint.Name); with several gateway replicas they compete for it, so each event is applied once.

public sealed class ItemCompletedConsumer(JobStateUpdater updater) : IConsumer<ItemCompleted>
{
    public Task Consume(ConsumeContext<ItemCompleted> context) => updater.ApplyAsync(context.Message, context.CancellationToken);
}

public sealed class ItemFailedConsumer(JobStateUpdater updater) : IConsumer<ItemFailed>
{
    public Task Consume(ConsumeContext<ItemFailed> context) => updater.ApplyAsync(context.Message, context.CancellationToken);
}

public sealed class ItemsStartedConsumer(JobStateUpdater updater) : IConsumer<ItemsStarted>
{
    public Task Consume(ConsumeContext<ItemsStarted> context) => updater.ApplyAsync(context.Message, context.CancellationToken);
}

/// <summary>MassTransit publishes Fault&lt;CartoonizeItem&gt; for each message of a group whose consumer threw after its retries.</summary>
public sealed class CartoonizeItemFaultConsumer(JobStateUpdater updater, ILogger<CartoonizeItemFaultConsumer> logger) : IConsumer<Fault<CartoonizeItem>>
{
    public Task Consume(ConsumeContext<Fault<CartoonizeItem>> context)
    {
        var fault = context.Message;
        // The details stay in the log; the client sees internal_error only.
        logger.LogError("Item {JobId}/{Index} faulted: {Exceptions}", fault.Message.JobId, fault.Message.ItemIndex,
            string.Join(" | ", fault.Exceptions.Select(e => $"{e.ExceptionType}: {e.Message}")));
        return updater.ApplyFaultAsync(fault.Message, fault.Timestamp, context.CancellationToken);
    }
}
