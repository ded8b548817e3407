using Cartoon.Gateway.Backpressure;
using Cartoon.Gateway.Jobs;
using Cartoon.Messaging;
using Cartoon.OptionsValidation;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Extensions;

public static class BackpressureExtensions
{
    /// <summary>
    /// The submit-time backlog check: on RabbitMQ the tier queues' depth (QueueDepthMonitor, registered by
    /// AddCartoonBus), on the in-memory transport this gateway's unfinished items per tier.
    /// </summary>
    public static IHostApplicationBuilder AddBackpressure(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<BackpressureOptions, BackpressureOptionsValidator>(BackpressureOptions.Section);

        var transport = builder.Configuration.GetSection(MessagingOptions.Section)
            .GetValue(nameof(MessagingOptions.Transport), MessagingTransport.InMemory);
        if (transport == MessagingTransport.RabbitMq)
            services.AddSingleton<ITierBacklog>(sp => new BrokerTierBacklog(sp.GetRequiredService<QueueDepthMonitor>()));
        else
            services.AddSingleton<ITierBacklog>(sp => new TrackedTierBacklog(sp.GetRequiredService<QueuePositions>()));
        services.AddSingleton<BacklogGate>();
        services.AddHostedService<BackpressureBanner>();
        return builder;
    }

    private sealed class BackpressureBanner(ITierBacklog backlog, IOptions<BackpressureOptions> options, ILogger<BackpressureBanner> logger)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var o = options.Value;
            logger.LogInformation("Backpressure: submits refused (503 backlog_full) over {Max} queued items per tier{Overrides}, read from {Source}",
                o.MaxQueuedItemsPerTier == 0 ? "no limit of" : o.MaxQueuedItemsPerTier,
                o.Tiers.Count == 0 ? "" : " (" + string.Join(", ", o.Tiers.Select(t => $"{t.Key}: {t.Value}")) + ")", backlog.Source);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
