using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

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
