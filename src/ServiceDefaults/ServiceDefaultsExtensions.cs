using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cartoon.ServiceDefaults;

/// <summary>
/// What every Cartoon host (gateway, worker) starts with, in the shape of eShop's ServiceDefaults: OpenTelemetry traces,
/// metrics and logs (<see cref="ObservabilityExtensions.AddCartoonObservability"/>), health checks, the standard HTTP
/// resilience handler on every IHttpClientFactory client, and the endpoints that expose them (<see cref="MapDefaultEndpoints"/>).
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The tag of the checks /health/ready runs; each part (storage, bus, engine, database) tags its own.</summary>
    public const string ReadyTag = "ready";

    public const string LivePath = "/health/live";

    public const string ReadyPath = "/health/ready";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.AddCartoonObservability(serviceName);
        builder.Services.AddHealthChecks();
        // Service-to-service calls retry transient failures, time out per attempt and break a failing circuit by default.
        // A client whose destinations are users' (webhooks, image URLs) opts out: see OptOutOfDefaultResilience.
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        return builder;
    }

    /// <summary>
    /// GET /metrics (Prometheus text); GET /health/live: the process answers, no checks (a broker or store outage must not
    /// get the pod restarted); GET /health/ready: every check tagged <see cref="ReadyTag"/>, 503 unless all are healthy,
    /// as JSON naming each check (<see cref="HealthReportWriter"/>).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapCartoonMetrics();
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }
}
