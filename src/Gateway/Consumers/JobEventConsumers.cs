using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

// The gateway's side of the bus: worker progress and outcomes become job state. All four share one endpoint
// (JobEventsEndpoint.Name); with several gateway replicas they compete for it, so each event is applied once. The three
// event kinds arrive in batches (JobEventsEndpoint.Batch): one database transaction per batch.

public sealed class ItemCompletedConsumer(JobEventApplier applier) : IConsumer<Batch<ItemCompleted>>
{
    public Task Consume(ConsumeContext<Batch<ItemCompleted>> context) =>
        applier.ApplyAsync(context.Message.Select(m => (JobEvent)JobEvent.From(m.Message)).ToList(), context.CancellationToken);
}

public sealed class ItemFailedConsumer(JobEventApplier applier) : IConsumer<Batch<ItemFailed>>
{
    public Task Consume(ConsumeContext<Batch<ItemFailed>> context) =>
        applier.ApplyAsync(context.Message.Select(m => (JobEvent)JobEvent.From(m.Message)).ToList(), context.CancellationToken);
}

public sealed class ItemsStagedConsumer(JobEventApplier applier) : IConsumer<Batch<ItemsStaged>>
{
    public Task Consume(ConsumeContext<Batch<ItemsStaged>> context) =>
        applier.ApplyAsync(context.Message.SelectMany(m => JobEvent.From(m.Message)).ToList<JobEvent>(), context.CancellationToken);
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
