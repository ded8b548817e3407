using MassTransit;

namespace Cartoon.Gateway.Consumers;

public static class JobEventsEndpoint
{
    public const string Name = "cartoon-gateway-job-events";

    /// <summary>
    /// A database that is restarting or failing over is retried in memory (the event stays unacknowledged, so a
    /// gateway that dies meanwhile leaves it to another replica) for about three minutes before the event goes to the
    /// _error queue. Per consumer, not per endpoint: four consumers share the endpoint and endpoint-level retries would nest.
    /// </summary>
    public static void Configure<T>(IConsumerConfigurator<T> consumer) where T : class =>
        consumer.UseMessageRetry(r => r.Intervals(100, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 60_000));
}

public sealed class ItemCompletedConsumerDefinition : ConsumerDefinition<ItemCompletedConsumer>
{
    public ItemCompletedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ItemCompletedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}

public sealed class ItemFailedConsumerDefinition : ConsumerDefinition<ItemFailedConsumer>
{
    public ItemFailedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ItemFailedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}

public sealed class ItemsStartedConsumerDefinition : ConsumerDefinition<ItemsStartedConsumer>
{
    public ItemsStartedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ItemsStartedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}

public sealed class CartoonizeItemFaultConsumerDefinition : ConsumerDefinition<CartoonizeItemFaultConsumer>
{
    public CartoonizeItemFaultConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CartoonizeItemFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}
