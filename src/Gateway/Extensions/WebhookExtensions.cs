using Cartoon.Gateway.Egress;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Outbox;
using Cartoon.Gateway.Webhooks;
using Cartoon.OptionsValidation;
using Cartoon.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Extensions;

public static class WebhookExtensions
{
    /// <summary>Signer, SSRF guard (submit and connect time), the outbox in the database and its dispatcher (bus messages and webhooks).</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<WebhookOptions, WebhookOptionsValidator>(WebhookOptions.Section);

        services.AddEgressGuard();
        services.AddSingleton(sp => new WebhookSigner(sp.GetRequiredService<IOptions<WebhookOptions>>(),
            sp.GetRequiredService<IOptions<Auth.AuthOptions>>()));
        services.AddValidatedOptions<OutboxOptions, OutboxOptionsValidator>(OutboxOptions.Section);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<DeliveryRecorder>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddHostedService<WebhookStartupWarnings>();

        // The per-attempt timeout is applied by the dispatcher (so it can report it); the client's own is a backstop.
        services.AddHttpClient(WebhookDispatcher.HttpClientName, (sp, client) =>
                client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout + TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<GuardedConnector>()
                .CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks))
            .OptOutOfDefaultResilience();
        return builder;
    }

    private sealed class WebhookStartupWarnings(IOptions<WebhookOptions> options, ILogger<WebhookStartupWarnings> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.AllowPrivateNetworks)
                logger.LogWarning("Webhooks:AllowPrivateNetworks is ON: the SSRF guard lets webhooks reach loopback, private networks " +
                                  "and cloud metadata. This setting exists for tests only; never enable it in a deployment.");
            if (string.IsNullOrWhiteSpace(options.Value.Secret))
                logger.LogWarning("Webhooks:Secret is not set: submits that ask for a webhook are refused (400 webhook_rejected)");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
