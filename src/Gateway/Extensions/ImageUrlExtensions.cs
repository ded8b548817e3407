using Cartoon.Gateway.Egress;
using Cartoon.Gateway.Options;
using Cartoon.Gateway.Submission;
using Cartoon.OptionsValidation;
using Cartoon.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Extensions;

public static class ImageUrlExtensions
{
    /// <summary>imageUrl inputs: their options, the fetcher and its HTTP client, every connection through the SSRF guard.</summary>
    public static IHostApplicationBuilder AddImageUrls(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ImageUrlOptions, ImageUrlOptionsValidator>(ImageUrlOptions.Section);
        services.AddEgressGuard();
        services.AddSingleton<ImageUrlFetcher>();
        // The fetcher applies ImageUrls:Timeout per URL (so it can say which URL ran out); the client's own is a backstop.
        services.AddHttpClient(ImageUrlFetcher.HttpClientName, (sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<IOptions<ImageUrlOptions>>().Value.Timeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Cartoon-ImageFetcher/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var o = sp.GetRequiredService<IOptions<ImageUrlOptions>>().Value;
                return sp.GetRequiredService<GuardedConnector>().CreateHandler(o.AllowPrivateNetworks, o.MaxRedirects);
            })
            .OptOutOfDefaultResilience();
        services.AddHostedService<ImageUrlStartupWarnings>();
        return builder;
    }

    private sealed class ImageUrlStartupWarnings(IOptions<ImageUrlOptions> options, ILogger<ImageUrlStartupWarnings> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.AllowPrivateNetworks)
                logger.LogWarning("ImageUrls:AllowPrivateNetworks is ON: image URLs may reach loopback, private networks and cloud metadata. " +
                                  "This setting exists for tests only; never enable it in a deployment.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
