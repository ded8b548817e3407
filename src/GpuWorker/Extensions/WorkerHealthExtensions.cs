using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cartoon.GpuWorker.Extensions;

public static class WorkerHealthExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// The checks tagged "ready" come from the parts: "engine" (AddCartoonEngine: models loaded and warm),
    /// "storage" (AddCartoonStorage) and MassTransit's bus check (the broker connected, every tier endpoint up).
    /// </summary>
    public static IHostApplicationBuilder AddWorkerHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>
    /// /health/live: the process answers (no checks: a broker or store outage must not get the pod restarted).
    /// /health/ready: every "ready" check healthy, so a worker only counts once it can take groups; 503 otherwise.
    /// </summary>
    public static WebApplication MapWorkerHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReport,
        });
        return app;
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
