using Cartoon.Gateway.Egress;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cartoon.Gateway.Extensions;

public static class EgressExtensions
{
    /// <summary>The SSRF guard's two halves and the resolver they share (webhooks and image URLs); safe to call from both.</summary>
    public static IServiceCollection AddEgressGuard(this IServiceCollection services)
    {
        services.TryAddSingleton<IHostResolver>(DnsHostResolver.Instance);
        services.TryAddSingleton<UrlGuard>();
        services.TryAddSingleton<GuardedConnector>();
        return services;
    }
}
