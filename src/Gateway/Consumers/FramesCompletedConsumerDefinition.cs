using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class FramesCompletedConsumerDefinition : ConsumerDefinition<FramesCompletedConsumer>
{
    public FramesCompletedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<FramesCompletedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}
