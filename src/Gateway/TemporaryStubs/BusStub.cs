// TEMPORARY stub (branch worker owns the real one): delete this file when AddCartoonBus lands in main.
using Cartoon.Engine.Batching;
using Cartoon.Processing.Tiers;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartoon.Processing.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>Stub: InMemory or RabbitMq ("Messaging:RabbitMq:Host" etc.); hostWorker hosts NO tier consumers yet.</summary>
    public static IServiceCollection AddCartoonBus(this IServiceCollection services, IConfiguration configuration, bool hostWorker,
        Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        services.AddOptions<TierOptions>().Bind(configuration.GetSection(TierOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new TierCatalog(
            sp.GetRequiredService<IOptions<TierOptions>>(),
            new MemoryCostModel(new MemoryCostOptions(), ShapeBuckets.Default),
            maxHeadBatch: 32));

        var transport = configuration["Messaging:Transport"] ?? "InMemory";
        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            addConsumers?.Invoke(x);
            if (transport.Equals("RabbitMq", StringComparison.OrdinalIgnoreCase))
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(configuration["Messaging:RabbitMq:Host"] ?? "127.0.0.1",
                        ushort.TryParse(configuration["Messaging:RabbitMq:Port"], out var port) ? port : (ushort)5672,
                        configuration["Messaging:RabbitMq:VirtualHost"] ?? "/", h =>
                        {
                            h.Username(configuration["Messaging:RabbitMq:Username"] ?? "guest");
                            h.Password(configuration["Messaging:RabbitMq:Password"] ?? "guest");
                        });
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return services;
    }
}
