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

    /// <summary>Most events of one kind applied in one transaction (docs/benchmarks.md, "Job state on the database").</summary>
    public const int BatchLimit = 100;

    /// <summary>
    /// How long a batch collects after its first event. Every batch pays a transaction's fixed round trips (lock, read,
    /// write, commit); 10 ms made batches of 10–17 events at 1,000 events/s, 50 ms makes batches of 30–60 and cuts the
    /// gateway's CPU per event by a third and PostgreSQL's by 40 % (docs/benchmarks.md, "Job state on the database"). An item's progress
    /// reaches its job at most this much later, against seconds of inference.
    /// </summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Events of a kind are handed over together: as many as are waiting, up to <see cref="BatchLimit"/>, or what arrived
    /// within <see cref="BatchWindow"/> of the first (an idle gateway adds at most that to an event's latency). Two batches of a kind run at
    /// once, so one waiting for a job's row lock does not stall the rest. MassTransit raises the endpoint's prefetch to
    /// match. The whole batch is retried (applying an event twice changes nothing) and acknowledged once it committed.
    /// </summary>
    public static void ConfigureBatch<T>(IConsumerConfigurator<T> consumer) where T : class
    {
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(BatchLimit).SetTimeLimit(BatchWindow).SetConcurrencyLimit(2));
        Configure(consumer);
    }
}

public sealed class ItemCompletedConsumerDefinition : ConsumerDefinition<ItemCompletedConsumer>
{
    public ItemCompletedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ItemCompletedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.ConfigureBatch(consumerConfigurator);
}

public sealed class ItemFailedConsumerDefinition : ConsumerDefinition<ItemFailedConsumer>
{
    public ItemFailedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ItemFailedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.ConfigureBatch(consumerConfigurator);
}

public sealed class ItemsStagedConsumerDefinition : ConsumerDefinition<ItemsStagedConsumer>
{
    public ItemsStagedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ItemsStagedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.ConfigureBatch(consumerConfigurator);
}

public sealed class CartoonizeItemFaultConsumerDefinition : ConsumerDefinition<CartoonizeItemFaultConsumer>
{
    public CartoonizeItemFaultConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CartoonizeItemFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}

public sealed class FramesCompletedConsumerDefinition : ConsumerDefinition<FramesCompletedConsumer>
{
    public FramesCompletedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<FramesCompletedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}

public sealed class VideoExtractedConsumerDefinition : ConsumerDefinition<VideoExtractedConsumer>
{
    public VideoExtractedConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<VideoExtractedConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}

public sealed class ExtractVideoFaultConsumerDefinition : ConsumerDefinition<ExtractVideoFaultConsumer>
{
    public ExtractVideoFaultConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ExtractVideoFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}

public sealed class CartoonizeFramesFaultConsumerDefinition : ConsumerDefinition<CartoonizeFramesFaultConsumer>
{
    public CartoonizeFramesFaultConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CartoonizeFramesFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}

public sealed class MuxVideoFaultConsumerDefinition : ConsumerDefinition<MuxVideoFaultConsumer>
{
    public MuxVideoFaultConsumerDefinition() => EndpointName = JobEventsEndpoint.Name;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<MuxVideoFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        JobEventsEndpoint.Configure(consumerConfigurator);
}
