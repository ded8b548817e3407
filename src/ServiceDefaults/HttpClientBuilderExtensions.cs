using Microsoft.Extensions.DependencyInjection;

namespace Cartoon.ServiceDefaults;

public static class HttpClientBuilderExtensions
{
    /// <summary>
    /// Removes the standard resilience handler <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/> puts on every
    /// client, for a client that calls users' endpoints: its caller owns the retries and the timeout (the webhook outbox
    /// records each attempt on its own schedule; an image URL fetch answers within ImageUrls:Timeout with the reason),
    /// and one circuit breaker shared by every destination would let one user's dead host refuse everyone else's.
    /// </summary>
    public static IHttpClientBuilder OptOutOfDefaultResilience(this IHttpClientBuilder builder)
    {
#pragma warning disable EXTEXP0001 // experimental in Microsoft.Extensions.Http.Resilience; the documented way to undo ConfigureHttpClientDefaults
        return builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
