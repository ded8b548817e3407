using Cartoon.Gateway.Diagnostics;
using Cartoon.ServiceDefaults;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cartoon.Gateway.Extensions;

public static class GatewayObservabilityExtensions
{
    public const string ServiceName = "cartoon-gateway";

    /// <summary>The service defaults (OpenTelemetry, health checks) and the gateway's own instruments and database telemetry.</summary>
    public static IHostApplicationBuilder AddGatewayObservability(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDefaults(ServiceName);
        // Job state commands: spans per command and the db.client.operation.duration histogram (docs/metrics.md).
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddNpgsql());
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddNpgsqlInstrumentation());
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<GatewayMetrics>();
        return builder;
    }
}
