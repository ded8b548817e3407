using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Cartoon.Messaging;

/// <summary>
/// On a RabbitMQ host that sends commands but hosts no worker (the distributed gateway): declares each tier's durable
/// quorum queue, its fanout exchange and their binding, exactly as the workers' receive endpoints do, so commands sent
/// before any worker ever started are kept and the queue is never created as a classic queue. Retries until the broker
/// answers; the "tier-queues" check (tag "ready") is unhealthy until then. Declaring is idempotent. The video queue
/// (Video:QueueName) is declared the same way, for ExtractVideo / MuxVideo sent before any worker started.
/// </summary>
public sealed partial class TierQueueDeclarer(TierCatalog tiers, IOptions<MessagingOptions> options, IOptions<VideoOptions> video,
    ILogger<TierQueueDeclarer> logger)
    : BackgroundService
{
    private volatile bool _declared;

    public bool Declared => _declared;

    public string? LastError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeclareAsync(stoppingToken).ConfigureAwait(false);
                _declared = true;
                LastError = null;
                LogDeclared(logger, string.Join(", ", Queues()));
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LastError = ex.Message;
                LogFailed(logger, ex, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    private async Task DeclareAsync(CancellationToken ct)
    {
        await using var connection = await RabbitMqConnections.OpenAsync(options.Value.RabbitMq, "cartoon-tier-topology", ct).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
        foreach (var queue in Queues())
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct).ConfigureAwait(false);
            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false,
                cancellationToken: ct).ConfigureAwait(false);
            await channel.QueueBindAsync(queue, queue, "", cancellationToken: ct).ConfigureAwait(false);
        }
    }

    private IEnumerable<string> Queues() => tiers.Plans.Select(p => p.QueueName).Append(video.Value.QueueName);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Tier queues declared (quorum): {Queues}")]
    private static partial void LogDeclared(ILogger logger, string queues);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "Could not declare the tier queues; retrying in {DelaySeconds} s (a queue that exists as a classic queue must be drained and deleted)")]
    private static partial void LogFailed(ILogger logger, Exception exception, double delaySeconds);
}

