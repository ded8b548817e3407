using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class ItemCompletedConsumerDefinition : ConsumerDefinition<ItemCompletedConsumer>
{
    public ItemCompletedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ItemCompletedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.ConfigureBatch(consumerConfigurator);
}
