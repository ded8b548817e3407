using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cartoon.Messaging;

/// <summary>Ready once the tier queues are declared on the broker.</summary>
public sealed class TierQueuesHealthCheck(TierQueueDeclarer declarer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(declarer.Declared
            ? HealthCheckResult.Healthy("tier queues declared")
            : HealthCheckResult.Unhealthy($"tier queues not declared yet{(declarer.LastError is { } e ? ": " + e : "")}"));
}
