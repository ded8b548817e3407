using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class ItemFailedConsumerDefinition : ConsumerDefinition<ItemFailedConsumer>
{
    public ItemFailedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ItemFailedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.ConfigureBatch(consumerConfigurator);
}
