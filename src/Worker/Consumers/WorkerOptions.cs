using System.ComponentModel.DataAnnotations;

namespace Cartoon.Worker.Consumers;

/// <summary>How a worker consumes its tier queues. Bound from section "Worker"; validated at start.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>
    /// In-memory retries of a whole group after a transient fault (storage outage, I/O, timeouts, a group past its
    /// consume timeout). The group keeps
    /// its messages (unacked) meanwhile; when they are spent the messages go to the tier's _error queue and a
    /// Fault&lt;CartoonizeItem&gt; is published. (There is no delayed-redelivery plugin on these brokers.)
    /// A configured list replaces the default one.
    /// </summary>
    public List<TimeSpan> RetryIntervals { get; set; } =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)];

    /// <summary>Fixed consume timeout for every tier's group; null computes one per tier (see below).</summary>
    public TimeSpan? ConsumeTimeout { get; set; }

    /// <summary>
    /// Computed timeout = base + per-item × the items that may be ahead of and in the group: the engine runs one group
    /// at a time, so a group may wait for every other tier's in-flight group before its own run.
    /// </summary>
    public TimeSpan ConsumeTimeoutBase { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConsumeTimeoutPerItem { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Graceful stop: the bus stops taking messages at once, then waits this long for the groups in flight to store
    /// their results, publish their events and ack. The host's shutdown timeout is set a little above it.
    /// </summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// After the bus stopped waiting, how long more the host waits for canceled groups to leave the engine before it
    /// disposes it (the engine finishes its current pass: a group's cancellation is not instant). The host's shutdown
    /// timeout is StopTimeout + DrainTimeout.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Storage reads / writes of one group in flight at once.</summary>
    [Range(1, 256)]
    public int StorageConcurrency { get; set; } = 16;
}
