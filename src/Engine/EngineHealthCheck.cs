using Cartoon.Engine.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cartoon.Engine;

internal sealed class EngineHealthCheck(EngineReadiness readiness, CartoonEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy($"warm on {engine.Device}; styles {string.Join(",", engine.LoadedStyles)}")
            : HealthCheckResult.Unhealthy("models loading"));
}
