using Cartoon.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cartoon.Gateway.Health;

/// <summary>The store answers a cheap existence query: without it nothing can be submitted or read.</summary>
public sealed class BlobStoreHealthCheck(IBlobStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ExistsAsync("health/probe", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Blob store unavailable", ex);
        }
    }
}
