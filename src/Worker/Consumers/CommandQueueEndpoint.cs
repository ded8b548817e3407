using MassTransit;

namespace Cartoon.Worker.Consumers;

/// <summary>
/// How a worker's command queue is set up (a tier queue, the video queue): commands are sent, never published, so no
/// exchange per message type is bound to it; on RabbitMQ a durable quorum queue; transient faults
/// (<see cref="CartoonizeBatchConsumerDefinition.IsTransient"/>) retried in memory at <paramref name="retryIntervals"/>.
/// </summary>
public static class CommandQueueEndpoint
{
    public static void Configure(IReceiveEndpointConfigurator endpoint, int concurrentMessages, IReadOnlyList<TimeSpan> retryIntervals)
    {
        endpoint.PrefetchCount = concurrentMessages;
        endpoint.ConcurrentMessageLimit = concurrentMessages;
        endpoint.ConfigureConsumeTopology = false;

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.Durable = true;
            rabbit.AutoDelete = false;
            rabbit.SetQuorumQueue();
        }

        if (retryIntervals.Count > 0)
        {
            endpoint.UseMessageRetry(r =>
            {
                r.Intervals(retryIntervals.ToArray());
                r.Handle<Exception>(CartoonizeBatchConsumerDefinition.IsTransient);
            });
        }
    }
}
