using MassTransit;

namespace Cartoon.Gateway.Consumers;

public sealed class VideoExtractedConsumerDefinition : ConsumerDefinition<VideoExtractedConsumer>
{
    public VideoExtractedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<VideoExtractedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}
