using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Cartoon.Gateway.Extensions;

public static class HealthExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Live: the process answers (no checks). Ready: every check tagged "ready" — storage (AddCartoonStorage), the bus
    /// (MassTransit) and, in embedded mode, the warm engine (AddCartoonEngine).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapGatewayHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }
}
