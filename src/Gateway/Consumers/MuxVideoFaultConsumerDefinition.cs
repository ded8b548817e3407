using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class MuxVideoFaultConsumerDefinition : ConsumerDefinition<MuxVideoFaultConsumer>
{
    public MuxVideoFaultConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<MuxVideoFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}
