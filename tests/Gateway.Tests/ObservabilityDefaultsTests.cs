using System.Net;
using System.Text.Json;
using Cartoon.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Cartoon.Gateway.Tests;

public sealed class ObservabilityDefaultsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void Otlp_export_only_when_an_endpoint_is_configured()
    {
        Assert.Null(ObservabilityExtensions.OtlpEndpoint(Config()));
        Assert.Equal(new Uri("http://collector:4317"),
            ObservabilityExtensions.OtlpEndpoint(Config((ObservabilityExtensions.OtlpEndpointKey, "http://collector:4317")))!.Endpoint);
        // The standard variable: the exporter reads it (and its protocol) itself.
        var standard = ObservabilityExtensions.OtlpEndpoint(Config(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")));
        Assert.NotNull(standard);
        Assert.Null(standard.Endpoint);
    }

    [Fact]
    public async Task Observability_job_status_carries_the_submit_trace_id_and_metrics_are_served()
    {
        await using var app = new GatewayApp().Start();
        using var client = app.CreateClient();
        using var response = await client.PostAsync("/v1/jobs", TestImages.Form(("a.png", TestImages.Png())));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var submitted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var traceId = submitted.RootElement.GetProperty("traceId").GetString();
        Assert.Matches("^[0-9a-f]{32}$", traceId);

        var job = await app.GetJobAsync(submitted.RootElement.GetProperty("id").GetGuid());
        Assert.Equal(traceId, job.TraceId);

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("cartoon_jobs_submitted_total", metrics);
        Assert.Contains("service_name=\"cartoon-gateway\"", metrics);
    }

    [Fact]
    public async Task Logs_go_to_the_collector_only_when_one_is_configured_and_ready_names_its_checks()
    {
        await using (var plain = new GatewayApp().Start())
            Assert.DoesNotContain(plain.Services.GetServices<ILoggerProvider>(), p => p is OpenTelemetryLoggerProvider);

        // Port 9 (discard): nothing is sent during the test that could fail it; only the wiring is checked.
        await using var app = new GatewayApp(settings: new Dictionary<string, string?> { [ObservabilityExtensions.OtlpEndpointKey] = "http://127.0.0.1:9" }).Start();
        Assert.Contains(app.Services.GetServices<ILoggerProvider>(), p => p is OpenTelemetryLoggerProvider);

        // The gateway answers /health/ready as the worker does: JSON naming each check tagged "ready".
        using var client = app.CreateClient();
        using var ready = await client.GetAsync(ServiceDefaultsExtensions.ReadyPath);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("storage", checks);
        Assert.Contains("database", checks);
    }
}

