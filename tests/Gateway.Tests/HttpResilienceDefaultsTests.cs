using Cartoon.Gateway.Submission;
using Cartoon.Gateway.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.Gateway.Tests;

/// <summary>
/// ServiceDefaults puts the standard resilience handler on every HTTP client; the two clients that call users'
/// endpoints (webhooks, image URLs) take it off, their callers owning retries and timeouts.
/// </summary>
public sealed class HttpResilienceDefaultsTests
{
    [Fact]
    public async Task Clients_get_the_standard_resilience_handler_except_webhooks_and_image_urls()
    {
        await using var app = new GatewayApp();
        var handlers = app.Services.GetRequiredService<IHttpMessageHandlerFactory>();

        Assert.Contains(HandlerChain(handlers.CreateHandler("any-service")), IsResilience);
        Assert.DoesNotContain(HandlerChain(handlers.CreateHandler(WebhookDispatcher.HttpClientName)), IsResilience);
        Assert.DoesNotContain(HandlerChain(handlers.CreateHandler(ImageUrlFetcher.HttpClientName)), IsResilience);
    }

    private static bool IsResilience(string handler) => handler.Contains("Resilience", StringComparison.Ordinal);

    private static List<string> HandlerChain(HttpMessageHandler handler)
    {
        var names = new List<string>();
        for (HttpMessageHandler? h = handler; h is not null; h = (h as DelegatingHandler)?.InnerHandler)
            names.Add(h.GetType().FullName!);
        return names;
    }
}
