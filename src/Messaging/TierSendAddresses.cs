using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Options;

namespace Cartoon.Messaging;

/// <summary>
/// Where to send a tier's commands. Use it instead of <c>queue:{plan.QueueName}</c>: on RabbitMQ a <c>queue:</c> send
/// address makes MassTransit declare the queue without arguments, which (a) creates a CLASSIC queue when no worker
/// has declared it yet, so the workers' quorum declare then fails, and (b) fails against the existing quorum queue
/// (PRECONDITION_FAILED inequivalent arg 'x-queue-type'), so the send never completes. On RabbitMQ the address is
/// therefore the queue's fanout exchange (<c>exchange:{queue}</c>, declared and bound by the workers and by
/// <see cref="TierQueueDeclarer"/>); in memory it is <c>queue:{queue}</c>.
/// The video queue (<see cref="Video"/>, Video:QueueName) is declared the same way.
/// </summary>
public sealed class TierSendAddresses(IOptions<MessagingOptions> options, IOptions<VideoOptions> video)
{
    public Uri For(TierPlan plan) => ForQueue(plan.QueueName);

    /// <summary>Where ExtractVideo and MuxVideo go: the workers' video queue.</summary>
    public Uri Video => ForQueue(video.Value.QueueName);

    /// <summary>The same for any queue a worker declares as a durable quorum queue (e.g. Video:QueueName).</summary>
    public Uri ForQueue(string queue) => options.Value.Transport == MessagingTransport.RabbitMq
        ? new Uri($"exchange:{queue}")
        : new Uri($"queue:{queue}");
}

