using Cartoon.Engine.Batching;
using Cartoon.Processing.Diagnostics;
using Cartoon.Processing.Tiers;
using Cartoon.Processing.Video;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cartoon.Processing.Consumers;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// What hosting the worker needs besides the bus: <see cref="WorkerOptions"/> ("Worker", validated at start),
    /// the per-tier endpoint definitions, a start-up log of each tier's group size and why, and graceful stop:
    /// MassTransit stops consuming at once and waits up to Worker:StopTimeout for the groups in flight (results
    /// stored, events published, acked); groups still running then are canceled (not acked: redelivered) and the host
    /// waits up to Worker:DrainTimeout more for them to leave the engine before disposing it; the host's shutdown
    /// timeout is raised to StopTimeout + DrainTimeout. Video items: <see cref="VideoServiceCollectionExtensions.AddCartoonVideoWorker"/>.
    /// Called by AddCartoonBus.
    /// </summary>
    public static IServiceCollection AddCartoonWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkerOptions>()
            .Configure(o => BindWorkerOptions(configuration.GetSection(WorkerOptions.Section), o))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddHostedService<WorkerGauges>();
        services.TryAddSingleton(sp => new WorkerEndpoints(CartoonizeBatchConsumerDefinition.ForTiers(
            sp.GetRequiredService<TierCatalog>(),
            sp.GetRequiredService<IOptions<TierOptions>>().Value,
            sp.GetRequiredService<IOptions<WorkerOptions>>().Value)));
        // The engine's warm-up covers the shapes the size tiers feed the nets (on CUDA, where a cold shape is costly). The
        // high-detail tier's box is not a shape the nets see (its items run as tiles): its first group pays for its shapes.
        services.TryAddSingleton(sp =>
        {
            var catalog = sp.GetRequiredService<TierCatalog>();
            return new WarmUpGroups(catalog.Plans.Where(p => p != catalog.HighDetail)
                .Select(p => new GroupBox(p.MaxWidth, p.MaxHeight, p.GroupLimit)).ToArray());
        });
        services.AddCartoonVideoWorker(configuration);
        services.AddHostedService<TierPlanLogger>();
        services.TryAddSingleton<GroupsInFlight>();
        services.AddHostedService<WorkerDrainService>(); // before AddMassTransit: stops after the bus

        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
        {
            // Start the host without waiting for the broker: readiness (bus health) says when it is connected.
            host.WaitUntilStarted = false;
            host.StopTimeout = worker.Value.StopTimeout;
            host.ConsumerStopTimeout = worker.Value.StopTimeout;
        });
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
        {
            var needed = worker.Value.StopTimeout + worker.Value.DrainTimeout;
            if (host.ShutdownTimeout < needed)
                host.ShutdownTimeout = needed;
        });
        return services;
    }

    /// <summary>A configured RetryIntervals list replaces the default one (the binder would append to it).</summary>
    internal static void BindWorkerOptions(IConfigurationSection section, WorkerOptions options)
    {
        if (section.GetSection(nameof(WorkerOptions.RetryIntervals)).Exists())
            options.RetryIntervals = [];
        section.Bind(options);
    }
}

