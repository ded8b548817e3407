using Cartoon.Messaging;
using Cartoon.Worker.Video;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Worker.Consumers;

/// <summary>
/// The worker's command queues: one receive endpoint per tier (queue <c>TierPlan.QueueName</c>) consumed by
/// <see cref="CartoonizeBatchConsumer"/> as <see cref="CartoonizeBatchConsumerDefinition"/> configures it, with
/// <see cref="CartoonizeFramesConsumer"/> beside it (a video's chunks), and, unless Video:Enabled is false, the video
/// queue consumed by <see cref="ExtractVideoConsumer"/> and <see cref="MuxVideoConsumer"/> (<see cref="VideoEndpointDefinition"/>).
/// </summary>
internal sealed class WorkerCommandEndpoints(WorkerEndpoints tiers) : ICommandEndpoints
{
    public void Configure(IBusRegistrationContext context, IReceiveConfigurator bus)
    {
        foreach (var definition in tiers.Definitions)
            bus.ReceiveEndpoint(definition.QueueName, e => definition.Configure(e, context));
        if (context.GetService<VideoEndpointDefinition>() is { } video)
            bus.ReceiveEndpoint(video.QueueName, e => video.Configure(e, context));
    }
}
