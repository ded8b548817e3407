using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Cartoon.Contracts;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cartoon.Integration.Tests.Storage;

/// <summary>S3BlobStore against the real S3 server (s3rver locally and in CI, MinIO in production).</summary>
public sealed class S3BlobStoreTests(S3BucketFixture fixture) : IClassFixture<S3BucketFixture>
{
    private readonly S3BlobStore _store = fixture.Store;

    private static string NewKey(string name) => $"tests/{Guid.NewGuid():N}/{name}";

    [Fact]
    public async Task Put_get_exists_delete_round_trip()
    {
        var key = NewKey("photo.png");
        var bytes = RandomNumberGenerator.GetBytes(4096);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await _store.PutAsync(key, bytes, "image/png");

        Assert.True(await _store.ExistsAsync(key));
        var blob = await _store.GetAsync(key);
        Assert.NotNull(blob);
        Assert.Equal(bytes, blob.Data);
        Assert.Equal("image/png", blob.ContentType);
        Assert.InRange(blob.LastModified, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(TimeSpan.Zero, blob.LastModified.Offset);

        await _store.DeleteAsync(key);
        Assert.False(await _store.ExistsAsync(key));
        Assert.Null(await _store.GetAsync(key));
        await _store.DeleteAsync(key); // idempotent
    }

    [Fact]
    public async Task Missing_key_reads_as_null_and_not_existing()
    {
        var key = NewKey("never-written");
        Assert.Null(await _store.GetAsync(key));
        Assert.False(await _store.ExistsAsync(key));
    }

    [Fact]
    public async Task Put_overwrites_the_same_key()
    {
        var key = NewKey("result.json");
        await _store.PutAsync(key, Encoding.UTF8.GetBytes("{\"v\":1}"), "application/json");
        await _store.PutAsync(key, Encoding.UTF8.GetBytes("{\"v\":2}"), "application/json");
        var blob = await _store.GetAsync(key);
        Assert.Equal("{\"v\":2}", Encoding.UTF8.GetString(blob!.Data));
    }

    [Fact]
    public async Task Put_from_a_stream_keeps_content_type()
    {
        var key = NewKey("input");
        var bytes = RandomNumberGenerator.GetBytes(1000);
        await _store.PutAsync(key, new MemoryStream(bytes), bytes.Length, "image/jpeg");
        var blob = await _store.GetAsync(key);
        Assert.Equal(bytes, blob!.Data);
        Assert.Equal("image/jpeg", blob.ContentType);
    }

    [Fact]
    public async Task List_returns_keys_under_the_prefix_recursively_with_size_and_time()
    {
        var job = Guid.NewGuid();
        var other = Guid.NewGuid();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await _store.PutAsync(JobObjectKeys.CancelMarker(job), new byte[10], "application/json");
        await _store.PutAsync(JobObjectKeys.Input(job, 0), new byte[20], "image/png");
        await _store.PutAsync(JobObjectKeys.Input(job, 1), new byte[21], "image/png");
        await _store.PutAsync(JobObjectKeys.Result(job, 0, "png"), new byte[30], "image/png");
        await _store.PutAsync(JobObjectKeys.CancelMarker(other), new byte[11], "application/json");

        var items = await ToListAsync(_store.ListAsync(JobObjectKeys.JobPrefix(job)));

        Assert.Equal(
            [JobObjectKeys.CancelMarker(job), JobObjectKeys.Input(job, 0), JobObjectKeys.Input(job, 1), JobObjectKeys.Result(job, 0, "png")],
            items.Select(i => i.Key).ToArray());
        Assert.Equal([10L, 20L, 21L, 30L], items.Select(i => i.Size).ToArray());
        Assert.All(items, i => Assert.InRange(i.LastModified, before, DateTimeOffset.UtcNow.AddSeconds(5)));

        var all = await ToListAsync(_store.ListAsync("jobs/"));
        Assert.Contains(all, i => i.Key == JobObjectKeys.CancelMarker(other));
        Assert.Empty(await ToListAsync(_store.ListAsync($"jobs/{Guid.NewGuid():N}/")));
    }

    [Fact]
    public async Task Presigned_get_url_serves_the_bytes_to_a_plain_http_client()
    {
        var key = NewKey("result 0001.png");
        var bytes = RandomNumberGenerator.GetBytes(2048);
        await _store.PutAsync(key, bytes, "image/png");

        var url = await _store.GetDownloadUrlAsync(key, TimeSpan.FromMinutes(5));

        Assert.NotNull(url);
        Assert.Contains("X-Amz-Signature=", url.Query, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Expires=300", url.Query, StringComparison.Ordinal);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}");
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Presigned_url_is_signed_for_the_public_endpoint_when_one_is_set()
    {
        var key = NewKey("public.png");
        await _store.PutAsync(key, new byte[] { 1, 2, 3 }, "image/png");
        var port = fixture.Services.RequireS3().Split(':')[1];
        using var store = fixture.Services.CreateS3Store(fixture.Bucket, o => o.S3PublicEndpoint = $"localhost:{port}");

        var url = await store.GetDownloadUrlAsync(key, TimeSpan.FromMinutes(1));

        Assert.Equal("localhost", url!.Host);
        using var http = new HttpClient();
        Assert.Equal(new byte[] { 1, 2, 3 }, await http.GetByteArrayAsync(url));
    }

    [Fact]
    public async Task EnsureReady_creates_a_missing_bucket_and_is_idempotent()
    {
        var bucket = ServicesFixture.NewBucketName("mk");
        try
        {
            using var admin = S3Admin.Client(fixture.Services);
            Assert.False(await S3Admin.BucketExistsAsync(admin, bucket));
            using var store = fixture.Services.CreateS3Store(bucket);

            Assert.Equal("bucket '" + bucket + "' does not exist on " + fixture.Services.S3Endpoint, await store.ProbeAsync());
            await store.EnsureReadyAsync();
            Assert.True(await S3Admin.BucketExistsAsync(admin, bucket));
            Assert.Null(await store.ProbeAsync());

            await store.EnsureReadyAsync();
            await store.PutAsync("k", new byte[] { 1 }, "application/octet-stream");
            Assert.True(await store.ExistsAsync("k"));
        }
        finally
        {
            await S3Admin.DeleteBucketAsync(fixture.Services, bucket);
        }
    }

    [Fact]
    public async Task A_20_MB_non_seekable_stream_round_trips()
    {
        const int size = 20 * 1024 * 1024;
        var key = NewKey("big.bin");
        var bytes = new byte[size];
        new Random(42).NextBytes(bytes);

        await _store.PutAsync(key, new NonSeekableStream(new MemoryStream(bytes)), size, "application/octet-stream");

        var blob = await _store.GetAsync(key);
        Assert.NotNull(blob);
        Assert.Equal(size, blob.Data.Length);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(blob.Data));
        var listed = Assert.Single(await ToListAsync(_store.ListAsync(key)));
        Assert.Equal(size, listed.Size);
    }

    [Fact]
    public async Task Keys_that_escape_the_layout_are_rejected_before_any_request()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync("../x", new byte[] { 1 }, "a/b"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync("/abs"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ExistsAsync("a\\b"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync("a//b"));
    }

    [Fact]
    public async Task Health_check_is_healthy_on_a_ready_bucket()
    {
        var result = await new StorageHealthCheck(_store).CheckHealthAsync(HealthContext());
        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Unreachable_endpoint_fails_with_StorageUnavailable_within_seconds()
    {
        fixture.Services.RequireS3();
        var endpoint = $"127.0.0.1:{Ports.Unused()}";
        using var store = fixture.Services.CreateS3Store("cartoon", o =>
        {
            o.S3Endpoint = endpoint;
            o.RetryCount = 3;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(200);
        });

        var watch = Stopwatch.StartNew();
        var put = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.PutAsync("k", new byte[] { 1 }, "a/b"));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains(endpoint, put.Message, StringComparison.Ordinal);
        Assert.NotNull(put.InnerException);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.GetAsync("k"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ExistsAsync("k"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.DeleteAsync("k"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.EnsureReadyAsync());
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await ToListAsync(store.ListAsync("jobs/")));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ProbeAsync());
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));

        var health = await new StorageHealthCheck(store).CheckHealthAsync(HealthContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_into_StorageUnavailable()
    {
        fixture.Services.RequireS3();
        using var silent = new SilentServer();
        using var store = fixture.Services.CreateS3Store("cartoon", o =>
        {
            o.S3Endpoint = silent.Endpoint;
            o.S3RequestTimeout = TimeSpan.FromMilliseconds(500);
            o.RetryCount = 1;
        });

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.GetAsync("k"));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_StorageUnavailable()
    {
        fixture.Services.RequireS3();
        using var silent = new SilentServer();
        using var store = fixture.Services.CreateS3Store("cartoon", o =>
        {
            o.S3Endpoint = silent.Endpoint;
            o.S3RequestTimeout = TimeSpan.FromSeconds(30);
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetAsync("k", cts.Token));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    internal static HealthCheckContext HealthContext() => new()
    {
        Registration = new HealthCheckRegistration("storage", _ => throw new NotSupportedException(), HealthStatus.Unhealthy, ["ready"]),
    };

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
