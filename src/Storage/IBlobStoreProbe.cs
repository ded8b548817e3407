namespace Cartoon.Storage;

/// <summary>A cheap readiness check of the backend, implemented by the stores (used by <see cref="StorageHealthCheck"/>).</summary>
public interface IBlobStoreProbe
{
    /// <summary>
    /// Null when ready, else what is wrong (e.g. the bucket is missing). Throws
    /// <see cref="StorageUnavailableException"/> when the backend cannot be reached. No retries.
    /// </summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken = default);
}
