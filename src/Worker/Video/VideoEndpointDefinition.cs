using Cartoon.Messaging;
using Cartoon.Worker.Consumers;
using MassTransit;

namespace Cartoon.Worker.Video;

/// <summary>
/// The video queue's receive endpoint (Video:QueueName), consumed by <see cref="ExtractVideoConsumer"/> and
/// <see cref="MuxVideoConsumer"/>:
/// <list type="bullet">
/// <item>PrefetchCount = ConcurrentMessageLimit = Video:ConcurrentMessageLimit (1 by default): a video message runs
/// ffmpeg and holds frames for minutes; a worker takes no more than it runs, the others stay for other workers.</item>
/// <item>RabbitMQ: a durable quorum queue, like the tiers'; commands are sent to it, never published (no consume
/// topology): send to <c>TierSendAddresses.ForQueue(Video:QueueName)</c>.</item>
/// <item>Transient faults (storage, broker, I/O) retry the message in memory at Worker:RetryIntervals
/// (<see cref="CartoonizeBatchConsumerDefinition.IsTransient"/>); anything else goes to "{queue}_error" with a Fault.
/// The file's own faults never throw: they fail the item.</item>
/// </list>
/// </summary>
public sealed class VideoEndpointDefinition(VideoOptions video, WorkerOptions worker)
{
    public string QueueName { get; } = video.QueueName;

    public int ConcurrentMessageLimit { get; } = video.ConcurrentMessageLimit;

    public IReadOnlyList<TimeSpan> RetryIntervals { get; } = worker.RetryIntervals.ToArray();

    public void Configure(IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        CommandQueueEndpoint.Configure(endpoint, ConcurrentMessageLimit, RetryIntervals);
        endpoint.ConfigureConsumer<ExtractVideoConsumer>(context);
        endpoint.ConfigureConsumer<MuxVideoConsumer>(context);
    }
}
