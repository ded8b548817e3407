using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class CartoonizeItemFaultConsumerDefinition : ConsumerDefinition<CartoonizeItemFaultConsumer>
{
    public CartoonizeItemFaultConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CartoonizeItemFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}
