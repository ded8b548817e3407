using MassTransit;

namespace Cartoon.Gateway.Consumers;

/// <summary>
/// The definition every consumer of this folder shares: they all read the one job-events endpoint
/// (<see cref="JobEventsEndpoint"/>) with its retry, so one generic definition stands beside them instead of a copy each.
/// </summary>
public class JobEventsConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public JobEventsConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}
