using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cartoon.ServiceDefaults;

public static class ObservabilityExtensions
{
    /// <summary>Configuration key of the collector endpoint; the standard OTEL_EXPORTER_OTLP_ENDPOINT works too.</summary>
    public const string OtlpEndpointKey = "Observability:OtlpEndpoint";

    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Metrics, traces and logs through OpenTelemetry: resource (service.name, service.instance.id = host/pod name,
    /// service.version), the Cartoon meters + MassTransit + ASP.NET Core + HttpClient + runtime, a Prometheus scrape
    /// endpoint (<see cref="MapCartoonMetrics"/>), and OTLP export of traces, metrics and logs (formatted message and
    /// scopes, so a log line carries its trace id) only when a collector endpoint is configured
    /// (OTEL_EXPORTER_OTLP_ENDPOINT or Observability:OtlpEndpoint): without one, logs stay on the console alone.
    /// </summary>
    public static IHostApplicationBuilder AddCartoonObservability(this IHostApplicationBuilder builder, string serviceName)
    {
        var otlp = OtlpEndpoint(builder.Configuration);
        var version = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? typeof(ObservabilityExtensions).Assembly.GetName().Version?.ToString() ?? "0.0.0";

        var telemetry = builder.Services.AddOpenTelemetry();
        telemetry
            .ConfigureResource(r => r.AddService(serviceName, serviceVersion: version, serviceInstanceId: InstanceId()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TelemetryNames.Meters)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddView(BucketsFor)
                    .AddPrometheusExporter();
                if (otlp is not null)
                    metrics.AddOtlpExporter(o => ConfigureOtlp(o, otlp));
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(TelemetryNames.ActivitySources)
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsInfrastructurePath(c.Request.Path))
                    .AddHttpClientInstrumentation();
                if (otlp is not null)
                    tracing.AddOtlpExporter(o => ConfigureOtlp(o, otlp));
            });
        if (otlp is not null)
        {
            telemetry.WithLogging(logging => logging.AddOtlpExporter(o => ConfigureOtlp(o, otlp)), options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            });
        }
        return builder;
    }

    /// <summary>GET /metrics: the Prometheus text format.</summary>
    public static WebApplication MapCartoonMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    /// <summary>Explicit buckets for the Cartoon histograms: seconds (1 ms .. 120 s) and group sizes (1 .. 64).</summary>
    internal static MetricStreamConfiguration? BucketsFor(Instrument instrument)
    {
        // Npgsql's command latency is in seconds too, and the SDK's default buckets (0, 5, 10, 25 … s) would put every
        // database command in the first one.
        if (!(instrument.Meter.Name.StartsWith("Cartoon.", StringComparison.Ordinal) || instrument.Meter.Name == "Npgsql")
            || instrument.GetType().Name != "Histogram`1")
            return null;
        if (instrument.Unit == "s")
            return new ExplicitBucketHistogramConfiguration { Boundaries = TelemetryNames.SecondsBuckets };
        return new ExplicitBucketHistogramConfiguration { Boundaries = TelemetryNames.BatchBuckets };
    }

    /// <summary>Where OTLP goes: (null, true) = the exporter reads OTEL_EXPORTER_OTLP_* itself; null = no OTLP export.</summary>
    public static OtlpTarget? OtlpEndpoint(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            return new OtlpTarget(null);
        var value = configuration[OtlpEndpointKey];
        return string.IsNullOrWhiteSpace(value) ? null : new OtlpTarget(new Uri(value.Trim()));
    }

    /// <summary>The standard variable is left to the exporter (it appends /v1/traces etc. for http/protobuf itself).</summary>
    private static void ConfigureOtlp(OpenTelemetry.Exporter.OtlpExporterOptions options, OtlpTarget target)
    {
        if (target.Endpoint is { } endpoint)
            options.Endpoint = endpoint;
    }

    /// <summary>The pod name in Kubernetes (HOSTNAME), else the machine name.</summary>
    private static string InstanceId() =>
        Environment.GetEnvironmentVariable("HOSTNAME") is { Length: > 0 } host ? host : Environment.MachineName;

    private static bool IsInfrastructurePath(string? path) =>
        path is not null && (path.StartsWith(MetricsPath, StringComparison.Ordinal) || path.StartsWith("/health", StringComparison.Ordinal));
}
