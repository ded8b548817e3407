using MassTransit;

namespace Cartoon.Gateway.Consumers;

public static class JobEventsEndpoint
{
    public const string Name = "cartoon-gateway-job-events";

    /// <summary>
    /// Store hiccups are retried in memory before the event goes to the _error queue. Per consumer, not per endpoint:
    /// four consumers share the endpoint and endpoint-level retries would nest.
    /// </summary>
    public static void Configure<T>(IConsumerConfigurator<T> consumer) where T : class =>
        consumer.UseMessageRetry(r => r.Intervals(100, 500, 2_000, 5_000, 15_000));
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
