using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cartoon.Storage;

/// <summary>
/// Readiness of the blob store (registered as "storage" with tag "ready"): one probe request, bounded by
/// <see cref="Timeout"/>, no retries, so a dead S3 turns the instance unready quickly.
/// </summary>
public sealed class StorageHealthCheck(IBlobStore store) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (store is not IBlobStoreProbe probe)
        {
            return HealthCheckResult.Healthy($"{store} (no probe)");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var problem = await probe.ProbeAsync(timeout.Token).ConfigureAwait(false);
            return problem is null
                ? HealthCheckResult.Healthy(store.ToString())
                : new HealthCheckResult(context.Registration.FailureStatus, $"{store}: {problem}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{store}: no answer within {Timeout.TotalSeconds:F0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{store}: {ex.Message}", ex);
        }
    }
}
