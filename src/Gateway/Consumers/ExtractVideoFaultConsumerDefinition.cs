using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class ExtractVideoFaultConsumerDefinition : ConsumerDefinition<ExtractVideoFaultConsumer>
{
    public ExtractVideoFaultConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ExtractVideoFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}
