using Cartoon.Contracts;
using Cartoon.Gateway.Jobs;
using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class MuxVideoFaultConsumer(JobStateUpdater updater, ILogger<MuxVideoFaultConsumer> logger) : IConsumer<Fault<MuxVideo>>
{
    public Task Consume(ConsumeContext<Fault<MuxVideo>> context) =>
        VideoFaults.FailAsync(updater, logger, "mux", context.Message.Message.JobId, context.Message.Message.ItemIndex, context.Message, context.CancellationToken);
}
