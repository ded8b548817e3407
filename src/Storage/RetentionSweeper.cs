using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cartoon.Storage;

/// <summary>
/// Deletes expired jobs: every <see cref="StorageOptions.SweepInterval"/> it lists <c>jobs/</c>, and a job whose
/// manifest (<see cref="JobObjectKeys.Manifest"/>) was last written more than <see cref="StorageOptions.Retention"/>
/// ago loses its whole prefix <c>jobs/&lt;id&gt;/</c>. A job without a manifest (an upload that died half way)
/// is judged by its newest object. The manifest is deleted last, so a sweep cut short is finished by the next.
/// Deletes are idempotent, so several instances may sweep at once. A zero interval disables the sweeper
/// (workers, or production relying on bucket lifecycle rules instead: an S3/MinIO lifecycle rule
/// "expire objects under jobs/ after N days" does the same server-side, at day granularity and judged per
/// object rather than per job manifest).
/// </summary>
public sealed class RetentionSweeper(
    IBlobStore store,
    IOptions<StorageOptions> options,
    TimeProvider timeProvider,
    ILogger<RetentionSweeper> logger) : BackgroundService
{
    public const string JobsPrefix = "jobs/";
    private const string ManifestName = "job.json";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        if (interval <= TimeSpan.Zero)
        {
            Log.SweepDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            do
            {
                try
                {
                    await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (StorageUnavailableException ex)
                {
                    Log.SweepUnavailable(logger, ex.Message);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.SweepFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass; returns what it did.</summary>
    public async Task<RetentionSweepResult> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = timeProvider.GetUtcNow() - options.Value.Retention;

        // Pass 1: per job prefix, the manifest's time and the newest object's time (memory: per job, not per object).
        var jobs = new Dictionary<string, (DateTimeOffset? Manifest, DateTimeOffset Newest)>(StringComparer.Ordinal);
        await foreach (var item in store.ListAsync(JobsPrefix, cancellationToken).ConfigureAwait(false))
        {
            var slash = item.Key.IndexOf('/', JobsPrefix.Length);
            if (slash < 0)
            {
                continue; // an object directly under jobs/, not part of a job
            }

            var prefix = item.Key[..(slash + 1)];
            jobs.TryGetValue(prefix, out var seen);
            var manifest = item.Key.Length == prefix.Length + ManifestName.Length && item.Key.EndsWith(ManifestName, StringComparison.Ordinal)
                ? item.LastModified
                : seen.Manifest;
            jobs[prefix] = (manifest, item.LastModified > seen.Newest ? item.LastModified : seen.Newest);
        }

        // Pass 2: delete expired prefixes, manifest last.
        int jobsDeleted = 0, objectsDeleted = 0;
        foreach (var (prefix, times) in jobs)
        {
            if ((times.Manifest ?? times.Newest) >= cutoff)
            {
                continue;
            }

            var manifestKey = prefix + ManifestName;
            var keys = new List<string>();
            await foreach (var item in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                keys.Add(item.Key);
            }

            foreach (var key in keys.Where(k => k != manifestKey))
            {
                await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                objectsDeleted++;
            }

            if (keys.Contains(manifestKey))
            {
                await store.DeleteAsync(manifestKey, cancellationToken).ConfigureAwait(false);
                objectsDeleted++;
            }

            jobsDeleted++;
        }

        Log.SweepDone(logger, jobs.Count, jobsDeleted, objectsDeleted, cutoff);
        return new RetentionSweepResult(jobs.Count, jobsDeleted, objectsDeleted);
    }
}

public sealed record RetentionSweepResult(int JobsSeen, int JobsDeleted, int ObjectsDeleted);
