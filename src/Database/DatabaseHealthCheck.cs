using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cartoon.Database;

/// <summary>Ready only while the database answers: a gateway that cannot commit job state takes no traffic.</summary>
public sealed class DatabaseHealthCheck(CartoonDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var ctx = db.Create();
            return await ctx.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy($"{db.Provider} answers")
                : HealthCheckResult.Unhealthy($"{db.Provider} does not answer");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{db.Provider} does not answer", ex);
        }
    }
}
