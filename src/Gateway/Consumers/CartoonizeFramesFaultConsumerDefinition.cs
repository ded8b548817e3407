using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class CartoonizeFramesFaultConsumerDefinition : ConsumerDefinition<CartoonizeFramesFaultConsumer>
{
    public CartoonizeFramesFaultConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CartoonizeFramesFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}
