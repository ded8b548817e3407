using MassTransit;

namespace Cartoon.Gateway.Consumers;

/// <summary>
/// The one endpoint of the gateway's side of the bus, where worker progress and outcomes become job state. Every
/// consumer of this folder reads it through the one generic definition beside them (JobEventsConsumerDefinition, or
/// JobEventsBatchConsumerDefinition for the batched ones); with several gateway replicas they compete for
/// it, so each event is applied once.
/// <list type="bullet">
/// <item>Photo events (ItemCompleted, ItemFailed, ItemsStaged) arrive in batches (<see cref="ConfigureBatch{T}"/>):
/// one database transaction per batch.</item>
/// <item>Video events (FramesCompleted, VideoExtracted) become counts in the database, and the one transaction that
/// completes the count writes MuxVideo (VideoProgressWriter); each is its own transaction (a video has tens of chunks,
/// not thousands of events a second).</item>
/// <item>Faults of the workers' commands fail their items.</item>
/// </list>
/// </summary>
public static class JobEventsEndpoint
{
    public const string Name = "cartoon-gateway-job-events";

    /// <summary>
    /// A database that is restarting or failing over is retried in memory (the event stays unacknowledged, so a
    /// gateway that dies meanwhile leaves it to another replica) for about three minutes before the event goes to the
    /// _error queue. Per consumer, not per endpoint: the consumers share the endpoint and endpoint-level retries would nest.
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
