using Cartoon.Gateway.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Cartoon.Gateway.Extensions;

public static class HealthExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>Live: the process answers. Ready: the store answers and the bus is connected (MassTransit tags its check "ready").</summary>
    public static IHostApplicationBuilder AddGatewayHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<BlobStoreHealthCheck>("blob-store", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapGatewayHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }
}
