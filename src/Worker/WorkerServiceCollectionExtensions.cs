using Cartoon.Engine;
using Cartoon.Engine.Batching;
using Cartoon.Messaging;
using Cartoon.Worker.Consumers;
using Cartoon.Worker.Hardware;
using Cartoon.Worker.Tiers;
using Cartoon.Worker.Diagnostics;
using Cartoon.Messaging.Tiers;
using Cartoon.OptionsValidation;
using Cartoon.Worker.Video;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cartoon.Worker;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// What hosting the worker needs besides the bus: <see cref="WorkerOptions"/> ("Worker", validated at start),
    /// the per-tier endpoint definitions, a start-up log of each tier's group size and why, and graceful stop:
    /// MassTransit stops consuming at once and waits up to Worker:StopTimeout for the groups in flight (results
    /// stored, events published, acked); groups still running then are canceled (not acked: redelivered) and the host
    /// waits up to Worker:DrainTimeout more for them to leave the engine before disposing it; the host's shutdown
    /// timeout is raised to StopTimeout + DrainTimeout. Video items: <see cref="VideoServiceCollectionExtensions.AddCartoonVideoWorker"/>.
    /// The tiers are sized from this machine (<see cref="TierSizingResolver"/>: the engine's device, the card or the host).
    /// Then the bus (<see cref="MessagingServiceCollectionExtensions.AddCartoonBus"/>) with the worker's consumers on its
    /// command queues (<see cref="WorkerCommandEndpoints"/>) and the host's own <paramref name="addConsumers"/> (the
    /// embedded gateway's event consumers). Needs ICartoonEngine and IBlobStore registered (AddCartoonEngine, AddCartoonStorage).
    /// </summary>
    public static IServiceCollection AddCartoonWorker(this IServiceCollection services, IConfiguration configuration,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        services.AddValidatedOptions<WorkerOptions, WorkerOptionsValidator>(o => BindWorkerOptions(configuration.GetSection(WorkerOptions.Section), o));

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
        services.AddCartoonTierSizing();
        services.AddSingleton<ICommandEndpoints, WorkerCommandEndpoints>();

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
        var video = VideoServiceCollectionExtensions.IsEnabled(configuration);
        return services.AddCartoonBus(configuration, bus =>
        {
            bus.AddConsumer<CartoonizeBatchConsumer>().ExcludeFromConfigureEndpoints();
            bus.AddConsumer<CartoonizeFramesConsumer>().ExcludeFromConfigureEndpoints();
            if (video)
            {
                bus.AddConsumer<ExtractVideoConsumer>().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<MuxVideoConsumer>().ExcludeFromConfigureEndpoints();
            }
            addConsumers?.Invoke(bus);
        }, consumesCommands: true);
    }

    /// <summary>
    /// This process's <see cref="TierSizing"/>, read from its hardware (<see cref="IHardwareProbe"/>) for the engine's
    /// device: the card or the host. Registered before AddCartoonTiers, which otherwise plans on the fixed sizing.
    /// </summary>
    private static void AddCartoonTierSizing(this IServiceCollection services)
    {
        services.TryAddSingleton<IHardwareProbe, SystemHardwareProbe>();
        services.TryAddSingleton(sp =>
        {
            var engine = sp.GetService<ICartoonEngine>();
            var cudaDeviceId = engine is null ? 0 : sp.GetRequiredService<IOptions<EngineOptions>>().Value.CudaDeviceId;
            return TierSizingResolver.Resolve(sp.GetRequiredService<IOptions<TierOptions>>().Value, engine?.Device, cudaDeviceId,
                sp.GetRequiredService<IHardwareProbe>());
        });
    }

    /// <summary>A configured RetryIntervals list replaces the default one (the binder would append to it).</summary>
    internal static void BindWorkerOptions(IConfigurationSection section, WorkerOptions options)
    {
        if (section.GetSection(nameof(WorkerOptions.RetryIntervals)).Exists())
            options.RetryIntervals = [];
        section.Bind(options);
    }
}

