using MassTransit;

namespace Cartoon.Gateway.Consumers;

/// <summary>The photo events' consumers: the same endpoint, their events handed over in batches (<see cref="JobEventsEndpoint.ConfigureBatch{T}"/>).</summary>
public sealed class JobEventsBatchConsumerDefinition<TConsumer> : JobEventsConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.ConfigureBatch(consumerConfigurator);
}
