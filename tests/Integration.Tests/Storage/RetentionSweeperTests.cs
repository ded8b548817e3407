using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cartoon.Integration.Tests.Storage;

public sealed class RetentionSweeperTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Expired_job_prefixes_are_deleted_fresh_ones_kept_on_the_file_system()
    {
        var store = new FileSystemBlobStore(_folder.Path);
        await store.EnsureReadyAsync();
        var oldJob = Guid.NewGuid();      // manifest 30 h old, one result written 1 h ago: the manifest decides
        var freshJob = Guid.NewGuid();    // manifest 1 h old, input 30 h old: kept whole
        var orphanOld = Guid.NewGuid();   // no manifest, every object 30 h old
        var orphanFresh = Guid.NewGuid(); // no manifest, newest object 1 h old
        await PutAsync(store, JobObjectKeys.Manifest(oldJob), Now.AddHours(-30));
        await PutAsync(store, JobObjectKeys.Input(oldJob, 0), Now.AddHours(-30));
        await PutAsync(store, JobObjectKeys.Result(oldJob, 0, "png"), Now.AddHours(-1));
        await PutAsync(store, JobObjectKeys.Manifest(freshJob), Now.AddHours(-1));
        await PutAsync(store, JobObjectKeys.Input(freshJob, 0), Now.AddHours(-30));
        await PutAsync(store, JobObjectKeys.Input(orphanOld, 0), Now.AddHours(-30));
        await PutAsync(store, JobObjectKeys.Input(orphanOld, 1), Now.AddHours(-25));
        await PutAsync(store, JobObjectKeys.Input(orphanFresh, 0), Now.AddHours(-30));
        await PutAsync(store, JobObjectKeys.Input(orphanFresh, 1), Now.AddHours(-1));
        await PutAsync(store, "jobs/README", Now.AddDays(-10));
        await PutAsync(store, "webhooks/old", Now.AddDays(-10));

        var sweeper = Sweeper(store, new FakeTimeProvider(Now), TimeSpan.FromHours(24));
        var result = await sweeper.SweepOnceAsync();

        Assert.Equal(new RetentionSweepResult(JobsSeen: 4, JobsDeleted: 2, ObjectsDeleted: 5), result);
        var left = (await S3BlobStoreTests.ToListAsync(store.ListAsync(""))).Select(i => i.Key).ToHashSet();
        Assert.Equal(
            new HashSet<string>
            {
                JobObjectKeys.Manifest(freshJob), JobObjectKeys.Input(freshJob, 0),
                JobObjectKeys.Input(orphanFresh, 0), JobObjectKeys.Input(orphanFresh, 1),
                "jobs/README", "webhooks/old",
            },
            left);
        Assert.False(Directory.Exists(Path.Combine(store.Root, "objects", "jobs", oldJob.ToString("N"))));

        Assert.Equal(new RetentionSweepResult(4 - 2, 0, 0), await sweeper.SweepOnceAsync());
    }

    [Fact]
    public async Task Expired_job_prefixes_are_deleted_fresh_ones_kept_on_S3()
    {
        var services = ServicesFixture.Instance;
        var bucket = ServicesFixture.NewBucketName("sweep");
        try
        {
            using var store = services.CreateS3Store(bucket);
            await store.EnsureReadyAsync();
            var oldJob = Guid.NewGuid();
            var freshJob = Guid.NewGuid();
            await store.PutAsync(JobObjectKeys.Manifest(oldJob), "{}"u8.ToArray(), "application/json");
            await store.PutAsync(JobObjectKeys.Input(oldJob, 0), new byte[100], "image/png");
            await store.PutAsync(JobObjectKeys.Result(oldJob, 0, "png"), new byte[100], "image/png");

            // S3 times have 1 s resolution: the old job is >= 2 s older than the fresh one, retention 1.5 s.
            await Task.Delay(TimeSpan.FromMilliseconds(2200));
            await store.PutAsync(JobObjectKeys.Manifest(freshJob), "{}"u8.ToArray(), "application/json");
            await store.PutAsync(JobObjectKeys.Input(freshJob, 0), new byte[100], "image/png");

            var result = await Sweeper(store, TimeProvider.System, TimeSpan.FromMilliseconds(1500)).SweepOnceAsync();

            Assert.Equal(new RetentionSweepResult(2, 1, 3), result);
            Assert.Empty(await S3BlobStoreTests.ToListAsync(store.ListAsync(JobObjectKeys.JobPrefix(oldJob))));
            Assert.Equal(2, (await S3BlobStoreTests.ToListAsync(store.ListAsync(JobObjectKeys.JobPrefix(freshJob)))).Count);
        }
        finally
        {
            await S3Admin.DeleteBucketAsync(services, bucket);
        }
    }

    [Fact]
    public async Task The_background_service_sweeps_on_its_interval()
    {
        var store = new FileSystemBlobStore(_folder.Path);
        await store.EnsureReadyAsync();
        var job = Guid.NewGuid();
        await PutAsync(store, JobObjectKeys.Manifest(job), DateTimeOffset.UtcNow.AddDays(-2));
        var options = Options.Create(new StorageOptions { Retention = TimeSpan.FromHours(24), SweepInterval = TimeSpan.FromMilliseconds(100) });
        using var sweeper = new RetentionSweeper(store, options, TimeProvider.System, NullLogger<RetentionSweeper>.Instance);

        await sweeper.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (await store.ExistsAsync(JobObjectKeys.Manifest(job)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.False(await store.ExistsAsync(JobObjectKeys.Manifest(job)));
        }
        finally
        {
            await sweeper.StopAsync(CancellationToken.None);
        }
    }

    private static RetentionSweeper Sweeper(IBlobStore store, TimeProvider time, TimeSpan retention) =>
        new(store, Options.Create(new StorageOptions { Retention = retention }), time, NullLogger<RetentionSweeper>.Instance);

    private static async Task PutAsync(FileSystemBlobStore store, string key, DateTimeOffset lastModified)
    {
        await store.PutAsync(key, new byte[16], "application/octet-stream");
        File.SetLastWriteTimeUtc(Path.Combine(store.Root, "objects", key.Replace('/', Path.DirectorySeparatorChar)), lastModified.UtcDateTime);
    }
}
