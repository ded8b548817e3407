using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

/// <summary>Extraction threw until its retries ran out: the item fails with internal_error, like a faulted image.</summary>
public sealed class ExtractVideoFaultConsumer(JobStateUpdater updater, ILogger<ExtractVideoFaultConsumer> logger) : IConsumer<Fault<ExtractVideo>>
{
    public Task Consume(ConsumeContext<Fault<ExtractVideo>> context) =>
        VideoFaults.FailAsync(updater, logger, "extraction", context.Message.Message.JobId, context.Message.Message.ItemIndex, context.Message, context.CancellationToken);
}
