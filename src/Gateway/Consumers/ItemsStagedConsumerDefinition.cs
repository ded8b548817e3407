using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class ItemsStagedConsumerDefinition : ConsumerDefinition<ItemsStagedConsumer>
{
    public ItemsStagedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ItemsStagedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.ConfigureBatch(consumerConfigurator);
}
