using System.Diagnostics.Metrics;
using Cartoon.Messaging.Tiers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cartoon.Messaging;

/// <summary>
/// cartoon_queue_messages{queue,tier,state=ready|unacked}: each tier queue's depth read from the broker every
/// Messaging:RabbitMq:QueueDepthInterval (management API when Messaging:RabbitMq:ManagementUrl is set, else a passive
/// declare: ready only). A queue that cannot be read is left out until it can (no stale values). RabbitMQ only.
/// </summary>
public sealed partial class QueueDepthMonitor : BackgroundService
{
    /// <summary>The meter of the bus's own instruments, exported by both hosts.</summary>
    public const string MeterName = "Cartoon.Messaging";

    private readonly TierCatalog _tiers;
    private readonly RabbitMqOptions _rabbit;
    private readonly ILogger<QueueDepthMonitor> _logger;
    private readonly IQueueDepthSource _source;
    private volatile IReadOnlyList<Measurement<long>> _latest = [];
    private volatile Reading _reading = new(new Dictionary<string, QueueDepth>(), 0);

    public QueueDepthMonitor(TierCatalog tiers, IOptions<MessagingOptions> options, IMeterFactory meterFactory, ILogger<QueueDepthMonitor> logger)
    {
        _tiers = tiers;
        _rabbit = options.Value.RabbitMq;
        _logger = logger;
        _source = string.IsNullOrWhiteSpace(_rabbit.ManagementUrl)
            ? new PassiveDeclareDepthSource(_rabbit)
            : new ManagementApiDepthSource(_rabbit);
        meterFactory.Create(MeterName).CreateObservableGauge("cartoon.queue.messages", () => _latest, "{message}",
            "Messages in each tier queue by state (ready: waiting; unacked: delivered to a worker, not yet acked).");
    }

    /// <summary>The last reading (tests).</summary>
    public IReadOnlyList<Measurement<long>> Latest => _latest;

    /// <summary>The tier's queue depth at the last reading; null while it could not be read.</summary>
    public QueueDepth? Depth(string tier) => _reading.Depths.TryGetValue(tier, out var depth) ? depth : null;

    /// <summary>Incremented after every reading, so a reader can tell that the depths were refreshed.</summary>
    public long Generation => _reading.Generation;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogSource(_logger, _source.Name);
        using var timer = new PeriodicTimer(_rabbit.QueueDepthInterval);
        do
        {
            await RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override void Dispose()
    {
        (_source as IDisposable)?.Dispose();
        base.Dispose();
    }

    internal async Task RefreshAsync(CancellationToken ct)
    {
        var readings = new List<Measurement<long>>();
        var depths = new Dictionary<string, QueueDepth>(StringComparer.Ordinal);
        foreach (var plan in _tiers.Plans)
        {
            try
            {
                var depth = await _source.ReadAsync(plan.QueueName, ct).ConfigureAwait(false);
                if (depth is null)
                    continue;
                depths[plan.Name] = depth.Value;
                readings.Add(Measure(plan, "ready", depth.Value.Ready));
                if (depth.Value.Unacked is { } unacked)
                    readings.Add(Measure(plan, "unacked", unacked));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogReadFailed(_logger, plan.QueueName, ex.Message);
            }
        }
        _latest = readings;
        _reading = new Reading(depths, _reading.Generation + 1);
    }

    private sealed record Reading(IReadOnlyDictionary<string, QueueDepth> Depths, long Generation);

    private static Measurement<long> Measure(TierPlan plan, string state, long value) => new(value,
        new KeyValuePair<string, object?>("queue", plan.QueueName),
        new KeyValuePair<string, object?>("tier", plan.Name),
        new KeyValuePair<string, object?>("state", state));

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Queue depth gauge reads the broker through {Source}")]
    private static partial void LogSource(ILogger logger, string source);

    [LoggerMessage(EventId = 31, Level = LogLevel.Debug, Message = "Queue depth of {Queue} not read: {Error}")]
    private static partial void LogReadFailed(ILogger logger, string queue, string error);
}

