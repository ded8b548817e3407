using Cartoon.Gateway.Jobs;
using Cartoon.Gateway.Options;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Integration.Tests.Storage;
using Cartoon.Storage;
using Cartoon.Tests.Shared.Jobs;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Cartoon.Integration.Tests.Jobs;

/// <summary>
/// The gateway's job bookkeeping against the real S3 server, counted on the wire: re-reading a job under its lock is
/// one listing of its item records plus a GET per record that changed, not a GET per item (which made every event of
/// an n-item job cost n requests).
/// </summary>
public sealed class JobStoreReadsTests(S3BucketFixture fixture) : IClassFixture<S3BucketFixture>
{
    private const int Items = 16;

    [Fact]
    public async Task A_reload_reads_only_the_records_another_replica_changed()
    {
        using var proxy = new RequestCountingProxy(fixture.Services.S3Endpoint!);
        using var s3 = fixture.Services.CreateS3Store(fixture.Bucket, o => o.S3Endpoint = proxy.Endpoint);
        var replicaA = NewJobStore(s3);
        var replicaB = NewJobStore(s3);
        var jobId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await replicaA.CreateAsync(TestManifests.Create(jobId, now, Items, side: 512), CancellationToken.None);

        // Replica A records outcomes of items 0..11 and processing for 12..13; 14 and 15 stay queued.
        var job = (await replicaA.GetForUpdateAsync(jobId, CancellationToken.None))!;
        for (var i = 0; i < 12; i++)
            job = await replicaA.SaveItemAsync(job, Succeeded(i, now), CancellationToken.None);
        job = await replicaA.SaveItemsAsync(job, [Processing(12, now), Processing(13, now)], CancellationToken.None);

        // A's own view is current: one listing, the state object, no item record read.
        proxy.Clear();
        job = (await replicaA.GetForUpdateAsync(jobId, CancellationToken.None))!;
        Assert.Equal(0, ItemGets(proxy, jobId));
        Assert.Equal(1, ItemLists(proxy, jobId));
        Assert.Equal(12, job.Count(JobStatuses.Succeeded));

        // Replica B finishes item 12 and 14; A's next reload reads exactly those two records.
        var viewB = (await replicaB.GetForUpdateAsync(jobId, CancellationToken.None))!;
        Assert.Equal(12, viewB.Count(JobStatuses.Succeeded)); // B had nothing cached: it read every listed record
        await replicaB.SaveItemsAsync(viewB, [Succeeded(12, now), Succeeded(14, now)], CancellationToken.None);

        proxy.Clear();
        job = (await replicaA.GetForUpdateAsync(jobId, CancellationToken.None))!;
        Assert.Equal(2, ItemGets(proxy, jobId));
        Assert.Equal(14, job.Count(JobStatuses.Succeeded));
        Assert.Equal(JobStatuses.Processing, job.Item(13).Status);
        Assert.Equal(JobStatuses.Queued, job.Item(15).Status);

        // Once every item is terminal nothing is listed or read for the items any more.
        job = await replicaA.SaveItemsAsync(job, [Succeeded(13, now), Succeeded(15, now)], CancellationToken.None);
        proxy.Clear();
        job = (await replicaA.GetForUpdateAsync(jobId, CancellationToken.None))!;
        Assert.True(job.AllTerminal);
        Assert.Equal(0, ItemGets(proxy, jobId) + ItemLists(proxy, jobId));
    }

    private static int ItemGets(RequestCountingProxy proxy, Guid jobId) =>
        proxy.Requests.Count(r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains($"/jobs/{jobId:N}/items/", StringComparison.Ordinal));

    private static int ItemLists(RequestCountingProxy proxy, Guid jobId) =>
        proxy.Requests.Count(r => r.Contains("list-type=2", StringComparison.Ordinal) && r.Contains($"jobs%2F{jobId:N}%2Fitems", StringComparison.Ordinal));

    private static JobStore NewJobStore(IBlobStore store) => new(store, new MemoryCache(new MemoryCacheOptions()), new JobLocks(),
        new QueueTracker(), TimeProvider.System, Options.Create(new GatewayOptions()));

    private static ItemRecord Succeeded(int index, DateTimeOffset at) => new()
    {
        Index = index, Status = JobStatuses.Succeeded, ContentType = "image/png", Width = 512, Height = 512, Faces = 1,
        InferenceMs = 812.5, CompletedAt = at, UpdatedAt = at,
    };

    private static ItemRecord Processing(int index, DateTimeOffset at) => new()
    {
        Index = index, Status = JobStatuses.Processing, BatchSize = 2, Device = "cpu", StartedAt = at, UpdatedAt = at,
    };
}
