using System.Reflection;
using Cartoon.Messaging.Tiers;
using Cartoon.OptionsValidation;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cartoon.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="VideoOptions"/> (section "Video"), validated at start, for every host that names the video queue (a
    /// gateway through AddCartoonBus, a worker through AddCartoonVideoWorker). Registered once however often it is called,
    /// so a failure is reported once.
    /// </summary>
    public static IServiceCollection AddCartoonVideoOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<VideoOptions>) && d.ImplementationType == typeof(VideoOptionsValidator)))
            return services;
        services.AddValidatedOptions<VideoOptions, VideoOptionsValidator>(configuration.GetSection(VideoOptions.Section));
        return services;
    }

    /// <summary>
    /// Registers MassTransit on the transport chosen by "Messaging:Transport" (InMemory by default, or RabbitMq with
    /// publisher confirms), <see cref="MessagingOptions"/> (validated at start) and the tiers
    /// (<see cref="TierServiceCollectionExtensions.AddCartoonTiers"/>). A gateway calls it; a worker calls it through
    /// AddCartoonWorker (src/Worker), which adds its consumers and registers its <see cref="ICommandEndpoints"/>.
    /// <para><paramref name="addConsumers"/>: the host's consumers. Those excluded from ConfigureEndpoints are consumed
    /// on the queues of the registered <see cref="ICommandEndpoints"/>; the others get kebab-case queues.</para>
    /// <para><paramref name="consumesCommands"/>: this host consumes the tier and video queues. Send commands with
    /// <see cref="TierSendAddresses"/> (or <see cref="CartoonizeItemSendExtensions.SendToTiersAsync"/>), never to
    /// <c>queue:{plan.QueueName}</c> (see <see cref="TierSendAddresses"/> for why). On RabbitMQ, a host that does not
    /// consume them declares them (<see cref="TierQueueDeclarer"/>, health check "tier-queues", tag "ready").</para>
    /// On RabbitMQ, <see cref="QueueDepthMonitor"/> exports each tier queue's depth (cartoon_queue_messages).
    /// MassTransit registers its bus health check, tagged "ready".
    /// </summary>
    public static IServiceCollection AddCartoonBus(this IServiceCollection services, IConfiguration configuration,
        Action<IBusRegistrationConfigurator>? addConsumers = null, bool consumesCommands = false)
    {
        var section = configuration.GetSection(MessagingOptions.Section);
        services.AddValidatedOptions<MessagingOptions, MessagingOptionsValidator>(section);
        services.AddCartoonTiers(configuration);
        // The video queue's name, also for a host without worker: it sends to it and declares it (TierQueueDeclarer).
        services.AddCartoonVideoOptions(configuration);

        // The transport is chosen while registering; its settings are read (validated) when the bus is built.
        var transport = section.GetValue(nameof(MessagingOptions.Transport), MessagingTransport.InMemory);
        services.TryAddSingleton<TierSendAddresses>();
        if (transport == MessagingTransport.RabbitMq)
        {
            services.AddMetrics();
            services.TryAddSingleton<QueueDepthMonitor>();
            services.AddHostedService(sp => sp.GetRequiredService<QueueDepthMonitor>());
        }
        if (transport == MessagingTransport.RabbitMq && !consumesCommands)
        {
            services.TryAddSingleton<TierQueueDeclarer>();
            services.AddHostedService(sp => sp.GetRequiredService<TierQueueDeclarer>());
            services.AddHealthChecks().AddCheck<TierQueuesHealthCheck>("tier-queues", tags: ["ready"]);
        }

        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
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
                    ConfigureEndpoints(context, cfg);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => ConfigureEndpoints(context, cfg));
            }
        });
        return services;
    }

    private static void ConfigureEndpoints<TEndpoint>(IBusRegistrationContext context, IBusFactoryConfigurator<TEndpoint> cfg)
        where TEndpoint : IReceiveEndpointConfigurator
    {
        foreach (var endpoints in context.GetServices<ICommandEndpoints>())
            endpoints.Configure(context, cfg);
        cfg.ConfigureEndpoints(context);
    }
}
