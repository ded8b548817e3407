using Cartoon.Processing.Messaging;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Outbox;

/// <summary>
/// Where the gateway sends video commands (ExtractVideo at submit, MuxVideo from the outbox). As for the tier queues
/// (<see cref="TierSendAddresses"/>): on RabbitMQ the queue's fanout exchange, which the consuming worker declares and
/// binds (a <c>queue:</c> address would declare the queue itself, with arguments that may not match the worker's); in
/// memory the queue.
/// </summary>
public sealed class VideoSendAddress(IOptions<MessagingOptions> options)
{
    public Uri For(string queue) => options.Value.Transport == MessagingTransport.RabbitMq
        ? new Uri($"exchange:{queue}")
        : new Uri($"queue:{queue}");
}
