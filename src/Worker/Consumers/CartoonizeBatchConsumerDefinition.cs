using Cartoon.Contracts;
using Cartoon.Messaging.Tiers;
using Cartoon.Storage;
using MassTransit;

namespace Cartoon.Worker.Consumers;

/// <summary>
/// The receive endpoint of one size tier for <see cref="CartoonizeBatchConsumer"/>: the MassTransit "consumer beside
/// its definition" shape, one instance per <see cref="TierPlan"/> (a <c>ConsumerDefinition&lt;T&gt;</c> holds one
/// endpoint, and this consumer runs on one endpoint per tier).
/// <list type="bullet">
/// <item>Groups: MessageLimit = the tier's group limit (memory budget), TimeLimit (from the last message) and
/// ConcurrencyLimit from "Tiers".</item>
/// <item>PrefetchCount = ConcurrentMessageLimit = MessageLimit × ConcurrencyLimit: on an endpoint configured by hand a
/// smaller prefetch lets groups close only on the time limit.</item>
/// <item>RabbitMQ: a durable quorum queue.</item>
/// <item>Transient faults (storage outage, I/O, timeouts, a group past its consume timeout) retry the whole group in
/// memory at <see cref="WorkerOptions.RetryIntervals"/>; anything else, or retries spent, moves each message of the
/// group to "{queue}_error" and publishes a Fault&lt;CartoonizeItem&gt; per message (MassTransit's default).</item>
/// <item>A group that outlives <see cref="ConsumeTimeout"/> is canceled and throws a <see cref="GroupTimeoutException"/>
/// (enforced by the consumer, see <see cref="WorkerEndpoints.ConsumeTimeoutFor"/>): transient, so it runs again.</item>
/// </list>
/// </summary>
public sealed class CartoonizeBatchConsumerDefinition
{
    public CartoonizeBatchConsumerDefinition(TierPlan plan, TierOptions tiers, WorkerOptions worker, TimeSpan consumeTimeout)
    {
        Plan = plan;
        TimeLimit = tiers.TimeLimit;
        ConcurrencyLimit = tiers.ConcurrencyLimit;
        ConsumeTimeout = consumeTimeout;
        RetryIntervals = worker.RetryIntervals.ToArray();
    }

    public TierPlan Plan { get; }

    public string QueueName => Plan.QueueName;

    /// <summary>Largest group: the tier's limit from the memory budget.</summary>
    public int MessageLimit => Plan.GroupLimit;

    /// <summary>How long a group waits for its next message before running what has arrived.</summary>
    public TimeSpan TimeLimit { get; }

    /// <summary>
    /// The time limit counts from the last message that arrived: a group keeps filling while messages keep coming and
    /// closes soon after they stop, so a short limit costs a lone item little without splitting a burst.
    /// </summary>
    public BatchTimeLimitStart TimeLimitStart => BatchTimeLimitStart.FromLast;

    /// <summary>Groups of this tier in flight at once on one worker.</summary>
    public int ConcurrencyLimit { get; }

    /// <summary>MessageLimit × ConcurrencyLimit: exactly what the groups in flight can hold.</summary>
    public int PrefetchCount => MessageLimit * ConcurrencyLimit;

    public TimeSpan ConsumeTimeout { get; }

    public IReadOnlyList<TimeSpan> RetryIntervals { get; }

    /// <summary>One definition per tier of the catalog, smallest tier first.</summary>
    public static IReadOnlyList<CartoonizeBatchConsumerDefinition> ForTiers(TierCatalog catalog, TierOptions tiers, WorkerOptions worker)
    {
        // The engine runs one group at a time: a group may wait behind every other tier's groups in flight.
        var itemsInFlight = catalog.Plans.Sum(p => p.GroupLimit * tiers.ConcurrencyLimit);
        var computed = worker.ConsumeTimeoutBase + worker.ConsumeTimeoutPerItem * itemsInFlight;
        return catalog.Plans
            .Select(plan => new CartoonizeBatchConsumerDefinition(plan, tiers, worker, worker.ConsumeTimeout ?? computed))
            .ToArray();
    }

    /// <summary>
    /// Faults worth running the group again for: the store, the network, the broker or the worker's own pace, not the
    /// items. A broker that went away while the group published its outcomes must not fault the group: the Fault would
    /// fail items (internal_error, first outcome wins) that the broker redelivers and the worker then completes. A group
    /// past its consume timeout is late because of the worker (on CUDA a cold shape's first pass: the algorithm search),
    /// and its next attempt finds the shape warmer.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        StorageUnavailableException or IOException or TimeoutException or HttpRequestException => true,
        GroupTimeoutException => true,
        ConnectionException or TransportException or RabbitMQ.Client.Exceptions.RabbitMQClientException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => false,
    };

    /// <summary>
    /// Configures the endpoint and puts <see cref="CartoonizeBatchConsumer"/> on it, and beside it
    /// <see cref="Video.CartoonizeFramesConsumer"/>: a video's chunk goes to the tier of its frames' work size.
    /// </summary>
    public void Configure(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        ConfigureEndpoint(endpoint);
        endpoint.ConfigureConsumer<CartoonizeBatchConsumer>(context, ConfigureConsumer);
        endpoint.ConfigureConsumer<Video.CartoonizeFramesConsumer>(context);
    }

    public void ConfigureEndpoint(IReceiveEndpointConfigurator endpoint) =>
        CommandQueueEndpoint.Configure(endpoint, PrefetchCount, RetryIntervals);

    public void ConfigureConsumer<TConsumer>(IConsumerConfigurator<TConsumer> consumer)
        where TConsumer : class, IConsumer<Batch<CartoonizeItem>>
    {
        consumer.Options<BatchOptions>(o => o
            .SetMessageLimit(MessageLimit)
            .SetTimeLimit(TimeLimit)
            .SetTimeLimitStart(TimeLimitStart)
            .SetConcurrencyLimit(ConcurrencyLimit));
    }
}
