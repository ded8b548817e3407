using System.Reflection;
using Cartoon.Processing.Consumers;
using Cartoon.Processing.Tiers;
using Cartoon.Processing.Video;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cartoon.Processing.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers MassTransit on the transport chosen by "Messaging:Transport" (InMemory by default, or RabbitMq with
    /// publisher confirms), <see cref="MessagingOptions"/> (validated at start) and the tiers
    /// (<see cref="TierServiceCollectionExtensions.AddCartoonTiers"/>).
    /// <para><paramref name="hostWorker"/>: also host the worker: one receive endpoint per tier (queue
    /// <see cref="TierPlan.QueueName"/>) consumed by <see cref="CartoonizeBatchConsumer"/> as configured by
    /// <see cref="CartoonizeBatchConsumerDefinition"/> (see <see cref="WorkerServiceCollectionExtensions.AddCartoonWorker"/>),
    /// with <see cref="CartoonizeFramesConsumer"/> beside it (a video's chunks), and, unless Video:Enabled is false, the
    /// video queue (Video:QueueName) consumed by <see cref="ExtractVideoConsumer"/> and <see cref="MuxVideoConsumer"/>
    /// as configured by <see cref="VideoEndpointDefinition"/>.
    /// Needs ICartoonEngine and IBlobStore registered (AddCartoonEngine, AddCartoonStorage).</para>
    /// <para><paramref name="addConsumers"/>: the host's own consumers; their endpoints are configured by
    /// ConfigureEndpoints (kebab-case names) after the tier endpoints.</para>
    /// <para>Send commands with <see cref="TierSendAddresses"/> (or <see cref="CartoonizeItemSendExtensions.SendToTiersAsync"/>),
    /// never to <c>queue:{plan.QueueName}</c> (see <see cref="TierSendAddresses"/> for why). On RabbitMQ without a worker,
    /// <see cref="TierQueueDeclarer"/> declares the tier queues and reports "tier-queues" (tag "ready").</para>
    /// On RabbitMQ, <see cref="QueueDepthMonitor"/> exports each tier queue's depth (cartoon_queue_messages).
    /// MassTransit registers its bus health check, tagged "ready".
    /// </summary>
    public static IServiceCollection AddCartoonBus(this IServiceCollection services, IConfiguration configuration, bool hostWorker,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        var section = configuration.GetSection(MessagingOptions.Section);
        services.AddOptions<MessagingOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddCartoonTiers(configuration);
        // The video queue's name, also for a host without worker: it sends to it and declares it (TierQueueDeclarer).
        services.AddOptions<VideoOptions>().Bind(configuration.GetSection(VideoOptions.Section));
        if (hostWorker)
            services.AddCartoonWorker(configuration);

        // The transport is chosen while registering; its settings are read (validated) when the bus is built.
        var transport = section.GetValue(nameof(MessagingOptions.Transport), MessagingTransport.InMemory);
        var videoWorker = hostWorker && VideoServiceCollectionExtensions.IsEnabled(configuration);
        services.TryAddSingleton<TierSendAddresses>();
        if (transport == MessagingTransport.RabbitMq)
        {
            services.AddMetrics();
            services.TryAddSingleton<QueueDepthMonitor>();
            services.AddHostedService(sp => sp.GetRequiredService<QueueDepthMonitor>());
        }
        if (transport == MessagingTransport.RabbitMq && !hostWorker)
        {
            services.TryAddSingleton<TierQueueDeclarer>();
            services.AddHostedService(sp => sp.GetRequiredService<TierQueueDeclarer>());
            services.AddHealthChecks().AddCheck<TierQueuesHealthCheck>("tier-queues", tags: ["ready"]);
        }

        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            if (hostWorker)
            {
                x.AddConsumer<CartoonizeBatchConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<CartoonizeFramesConsumer>().ExcludeFromConfigureEndpoints();
            }
            if (videoWorker)
            {
                x.AddConsumer<ExtractVideoConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<MuxVideoConsumer>().ExcludeFromConfigureEndpoints();
            }
            addConsumers?.Invoke(x);

            if (transport == MessagingTransport.RabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = context.GetRequiredService<IOptions<MessagingOptions>>().Value.RabbitMq;
                    var connectionName = rabbit.ConnectionName ?? Assembly.GetEntryAssembly()?.GetName().Name ?? "cartoon";
                    cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, connectionName, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                        h.Heartbeat(rabbit.Heartbeat);
                        h.PublisherConfirmation = true;
                    });
                    ConfigureEndpoints(context, cfg, hostWorker, videoWorker);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => ConfigureEndpoints(context, cfg, hostWorker, videoWorker));
            }
        });
        return services;
    }

    private static void ConfigureEndpoints<TEndpoint>(IBusRegistrationContext context, IBusFactoryConfigurator<TEndpoint> cfg, bool hostWorker,
        bool videoWorker)
        where TEndpoint : IReceiveEndpointConfigurator
    {
        if (hostWorker)
        {
            foreach (var definition in context.GetRequiredService<WorkerEndpoints>().Definitions)
                cfg.ReceiveEndpoint(definition.QueueName, e => definition.Configure(e, context));
        }
        if (videoWorker)
        {
            var video = context.GetRequiredService<VideoEndpointDefinition>();
            cfg.ReceiveEndpoint(video.QueueName, e => video.Configure(e, context));
        }
        cfg.ConfigureEndpoints(context);
    }
}
