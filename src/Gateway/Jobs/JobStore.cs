using Cartoon.Gateway.Options;
using Cartoon.Gateway.Webhooks;
using Cartoon.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Cartoon.Gateway.Jobs;

/// <summary>
/// Job state in the blob store (the source of truth, so it survives restarts and is shared by replicas) with an
/// in-memory cache in front. Writers hold the job's lock (<see cref="JobLocks"/>), write the store first and the
/// cache second. Item records only move forward (a terminal record is never replaced), so merging a stale read
/// into the cache cannot undo an update.
/// </summary>
public sealed class JobStore(
    IBlobStore store,
    IMemoryCache cache,
    JobLocks locks,
    QueueTracker tracker,
    TimeProvider clock,
    IOptions<GatewayOptions> options)
{
    private static readonly MemoryCacheEntryOptions CacheEntry = new() { SlidingExpiration = TimeSpan.FromMinutes(10) };

    public Task<IDisposable> LockAsync(Guid jobId, CancellationToken ct) => locks.AcquireAsync(jobId, ct);

    public async Task CreateAsync(JobManifest manifest, CancellationToken ct)
    {
        await store.PutJsonAsync(JobObjectKeys.Manifest(manifest.JobId), manifest, ct);
        Remember(new JobSnapshot(manifest, JobState.Empty, new Dictionary<int, ItemRecord>(), [], clock.GetUtcNow()));
    }

    /// <summary>For reads: the cached snapshot, re-read when it is not terminal and older than the cache TTL.</summary>
    public async Task<JobSnapshot?> GetAsync(Guid jobId, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(jobId), out JobSnapshot? cached) && cached is not null
            && (cached.IsTerminal || clock.GetUtcNow() - cached.LoadedAt < options.Value.StatusCacheTtl))
            return cached;
        return await LoadAsync(jobId, cached, ct);
    }

    /// <summary>For writers (call under <see cref="LockAsync"/>): re-reads what another replica may have changed.</summary>
    public async Task<JobSnapshot?> GetForUpdateAsync(Guid jobId, CancellationToken ct)
    {
        cache.TryGetValue(Key(jobId), out JobSnapshot? cached);
        return await LoadAsync(jobId, cached, ct);
    }

    public async Task<JobSnapshot> SaveItemAsync(JobSnapshot job, ItemRecord item, CancellationToken ct)
    {
        await store.PutJsonAsync(JobObjectKeys.ItemStatus(job.JobId, item.Index), item, ct);
        return Remember(job.WithItem(item));
    }

    public async Task<JobSnapshot> SaveItemsAsync(JobSnapshot job, IReadOnlyList<ItemRecord> items, CancellationToken ct)
    {
        await Task.WhenAll(items.Select(i => store.PutJsonAsync(JobObjectKeys.ItemStatus(job.JobId, i.Index), i, ct)));
        foreach (var item in items)
            job = job.WithItem(item);
        return Remember(job);
    }

    public async Task<JobSnapshot> SaveStateAsync(JobSnapshot job, JobState state, CancellationToken ct)
    {
        await store.PutJsonAsync(GatewayObjectKeys.JobState(job.JobId), state, ct);
        return Remember(job with { State = state });
    }

    /// <summary>Call under the job's lock.</summary>
    public async Task SaveWebhookAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        await store.PutJsonAsync(GatewayObjectKeys.WebhookDelivery(delivery.JobId, delivery.Id), delivery, ct);
        if (cache.TryGetValue(Key(delivery.JobId), out JobSnapshot? cached) && cached is not null)
            Remember(cached.WithWebhook(delivery));
    }

    private async Task<JobSnapshot?> LoadAsync(Guid jobId, JobSnapshot? cached, CancellationToken ct)
    {
        var manifest = cached?.Manifest ?? await store.GetAsync<JobManifest>(JobObjectKeys.Manifest(jobId), ct);
        if (manifest is null)
            return null;
        var stateTask = store.GetAsync<JobState>(GatewayObjectKeys.JobState(jobId), ct);
        var itemsTask = LoadChangedItemsAsync(jobId, manifest, cached, ct);
        var webhooksTask = manifest.Webhook is null ? Task.FromResult<IReadOnlyList<WebhookDelivery>>([]) : LoadWebhooksAsync(jobId, ct);
        await Task.WhenAll(itemsTask, stateTask, webhooksTask);

        var items = new Dictionary<int, ItemRecord>(cached?.Items ?? new Dictionary<int, ItemRecord>());
        foreach (var loaded in itemsTask.Result)
        {
            // Forward only: keep a terminal record we already hold, else take the store's.
            if (!items.TryGetValue(loaded.Index, out var known) || !known.IsTerminal)
                items[loaded.Index] = loaded;
        }
        var snapshot = new JobSnapshot(manifest, stateTask.Result ?? cached?.State ?? JobState.Empty, items, webhooksTask.Result, clock.GetUtcNow());
        return Remember(snapshot);
    }

    /// <summary>
    /// The item records that may differ from what <paramref name="cached"/> holds, in one listing plus a GET per changed
    /// record (a GET per item per event made a job's bookkeeping O(items²) requests; docs/benchmarks.md). Terminal records
    /// never change and are not read again; a key that is not listed is still queued; a listed record whose ETag is the
    /// MD5 of the record we hold is unchanged (S3 and MinIO tag a single-part upload with its MD5; where a server tags
    /// otherwise, or gives no tag, the record is simply read).
    /// </summary>
    private async Task<IReadOnlyList<ItemRecord>> LoadChangedItemsAsync(Guid jobId, JobManifest manifest, JobSnapshot? cached, CancellationToken ct)
    {
        var open = manifest.Items.Select(i => i.Index).Where(i => cached is null || !cached.Item(i).IsTerminal).ToHashSet();
        if (open.Count == 0)
            return [];
        var changed = new List<string>();
        await foreach (var listed in store.ListAsync(JobObjectKeys.ItemsPrefix(jobId), ct))
        {
            if (JobObjectKeys.ItemIndexOf(listed.Key) is not { } index || !open.Contains(index))
                continue;
            var held = cached is not null && cached.Items.TryGetValue(index, out var record) ? record : null;
            if (held is null || !ItemVersions.Matches(held, listed.ETag))
                changed.Add(listed.Key);
        }
        var loaded = await Task.WhenAll(changed.Select(key => store.GetAsync<ItemRecord>(key, ct)));
        return loaded.OfType<ItemRecord>().ToList();
    }

    private async Task<IReadOnlyList<WebhookDelivery>> LoadWebhooksAsync(Guid jobId, CancellationToken ct)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(GatewayObjectKeys.WebhookDeliveriesPrefix(jobId), ct))
            keys.Add(item.Key);
        var loaded = await Task.WhenAll(keys.Select(k => store.GetAsync<WebhookDelivery>(k, ct)));
        return loaded.OfType<WebhookDelivery>().OrderBy(d => d.CreatedAt).ToList();
    }

    private JobSnapshot Remember(JobSnapshot snapshot)
    {
        cache.Set(Key(snapshot.JobId), snapshot, CacheEntry);
        tracker.Observe(snapshot);
        return snapshot;
    }

    private static string Key(Guid jobId) => $"job:{jobId:N}";
}
