#if CARTOON_EMBEDDED
using Cartoon.Engine;
using Cartoon.Worker;
#endif
using Cartoon.Gateway.Consumers;
using Cartoon.Gateway.Options;
using Cartoon.Messaging;
using Cartoon.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cartoon.Gateway.Extensions;

public static class GatewayModeExtensions
{
    /// <summary>Gateway:Mode when set; otherwise Distributed when Messaging:Transport is RabbitMq, else Embedded.</summary>
    public static GatewayModeInfo ResolveMode(IConfiguration configuration)
    {
        var transport = configuration["Messaging:Transport"] ?? "InMemory";
        var storage = configuration["Storage:Provider"] ?? "FileSystem";
        var configured = configuration[$"{GatewayOptions.Section}:{nameof(GatewayOptions.Mode)}"];
        var mode = configured is { Length: > 0 }
            ? Enum.Parse<GatewayMode>(configured, ignoreCase: true)
            : transport.Equals("RabbitMq", StringComparison.OrdinalIgnoreCase) ? GatewayMode.Distributed : GatewayMode.Embedded;
        return new GatewayModeInfo(mode, transport, storage);
    }

    /// <summary>Storage, bus (with the gateway's event consumers) and, in embedded mode, the worker and the engine.</summary>
    public static IHostApplicationBuilder AddGatewayMode(this IHostApplicationBuilder builder)
    {
        var info = ResolveMode(builder.Configuration);
        builder.Services.TryAddSingleton(info);
        builder.Services.AddCartoonStorage(builder.Configuration);
        builder.Services.AddHostedService<StartupBanner>();

        if (info.Mode == GatewayMode.Distributed)
            builder.Services.AddCartoonBus(builder.Configuration, AddGatewayConsumers);
        else
            AddEmbeddedWorker(builder);
        return builder;
    }

    /// <summary>
    /// The engine and the worker in this process, on the same bus as the gateway's consumers. Compiled in unless the
    /// gateway is built with -p:CartoonEmbedded=false (the distributed image: no engine, no ONNX Runtime).
    /// </summary>
    private static void AddEmbeddedWorker(IHostApplicationBuilder builder)
    {
#if CARTOON_EMBEDDED
        builder.Services.AddCartoonEngine(builder.Configuration);
        builder.Services.AddCartoonWorker(builder.Configuration, AddGatewayConsumers);
#else
        throw new InvalidOperationException(
            "This gateway was built without the embedded worker (-p:CartoonEmbedded=false), so it runs only in distributed mode: " +
            "set Messaging:Transport=RabbitMq (or Gateway:Mode=Distributed) and run GpuWorker processes.");
#endif
    }

    private static void AddGatewayConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ItemCompletedConsumer, JobEventsBatchConsumerDefinition<ItemCompletedConsumer>>();
        bus.AddConsumer<ItemFailedConsumer, JobEventsBatchConsumerDefinition<ItemFailedConsumer>>();
        bus.AddConsumer<ItemsStagedConsumer, JobEventsBatchConsumerDefinition<ItemsStagedConsumer>>();
        bus.AddConsumer<CartoonizeItemFaultConsumer, JobEventsConsumerDefinition<CartoonizeItemFaultConsumer>>();
        bus.AddConsumer<VideoProgressConsumer, JobEventsConsumerDefinition<VideoProgressConsumer>>();
        bus.AddConsumer<VideoFaultConsumer, JobEventsConsumerDefinition<VideoFaultConsumer>>();
    }

    /// <summary>Prints which mode runs.</summary>
    private sealed class StartupBanner(GatewayModeInfo info, ILogger<StartupBanner> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation(info.Mode == GatewayMode.Embedded
                    ? "Cartoon gateway mode: Embedded — gateway + GPU worker + engine in this process (transport {Transport}, storage {Storage})"
                    : "Cartoon gateway mode: Distributed — gateway only, workers behind the broker (transport {Transport}, storage {Storage})",
                info.Transport, info.Storage);
            if (info.Mode == GatewayMode.Distributed && info.Storage.Equals("FileSystem", StringComparison.OrdinalIgnoreCase))
                logger.LogWarning("Distributed mode with FileSystem storage: workers must share this folder, or configure S3");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
