using System.Security.Cryptography;
using System.Text;
using Cartoon.Contracts;
using Cartoon.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cartoon.Integration.Tests.Storage;

/// <summary>The embedded-mode store on a real temp folder (no services needed).</summary>
public sealed class FileSystemBlobStoreTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FileSystemBlobStore _store;

    public FileSystemBlobStoreTests() => _store = new FileSystemBlobStore(Path.Combine(_folder.Path, "blobs"));

    public Task InitializeAsync() => _store.EnsureReadyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Round_trip_keeps_bytes_content_type_and_time()
    {
        var job = Guid.NewGuid();
        var key = JobObjectKeys.Input(job, 3);
        var bytes = RandomNumberGenerator.GetBytes(3000);

        await _store.PutAsync(key, bytes, "image/webp");

        Assert.True(await _store.ExistsAsync(key));
        var blob = await _store.GetAsync(key);
        Assert.NotNull(blob);
        Assert.Equal(bytes, blob.Data);
        Assert.Equal("image/webp", blob.ContentType); // from the sidecar: the key has no extension
        Assert.InRange(blob.LastModified, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.True(File.Exists(Path.Combine(_store.Root, "objects", "jobs", job.ToString("N"), "inputs", "0003")));
    }

    [Fact]
    public async Task Stream_put_copies_exactly_the_declared_length()
    {
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        await _store.PutAsync("a/stream.bin", new MemoryStream(bytes), bytes.Length, "application/octet-stream");
        Assert.Equal(bytes, (await _store.GetAsync("a/stream.bin"))!.Data);

        await Assert.ThrowsAsync<EndOfStreamException>(() =>
            _store.PutAsync("a/short.bin", new MemoryStream(new byte[10]), 11, "application/octet-stream"));
        Assert.False(await _store.ExistsAsync("a/short.bin"));
    }

    [Fact]
    public async Task Missing_key_is_null_and_delete_is_idempotent()
    {
        Assert.Null(await _store.GetAsync("nothing/here.png"));
        Assert.False(await _store.ExistsAsync("nothing/here.png"));
        await _store.DeleteAsync("nothing/here.png");

        await _store.PutAsync("x/y/z.png", new byte[] { 1 }, "image/png");
        await _store.DeleteAsync("x/y/z.png");
        await _store.DeleteAsync("x/y/z.png");
        Assert.False(await _store.ExistsAsync("x/y/z.png"));
        Assert.False(Directory.Exists(Path.Combine(_store.Root, "objects", "x")), "empty folders are pruned");
        Assert.False(Directory.Exists(Path.Combine(_store.Root, "meta", "x")), "the sidecar goes too");
    }

    [Fact]
    public async Task Without_a_sidecar_the_content_type_comes_from_the_extension()
    {
        await _store.PutAsync("r/0001.png", new byte[] { 1 }, "image/png");
        await _store.PutAsync("r/0002", new byte[] { 1 }, "image/png");
        File.Delete(Path.Combine(_store.Root, "meta", "r", "0001.png"));
        File.Delete(Path.Combine(_store.Root, "meta", "r", "0002"));

        Assert.Equal("image/png", (await _store.GetAsync("r/0001.png"))!.ContentType);
        Assert.Equal("application/octet-stream", (await _store.GetAsync("r/0002"))!.ContentType);
    }

    [Fact]
    public async Task Overwrite_is_atomic_readers_never_see_a_mix_or_a_partial_file()
    {
        const string key = "jobs/atomic/results/0000.png";
        var a = Enumerable.Repeat((byte)'A', 2 * 1024 * 1024).ToArray();
        var b = Enumerable.Repeat((byte)'B', 3 * 1024 * 1024).ToArray();
        await _store.PutAsync(key, a, "image/png");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var writer = Task.Run(async () =>
        {
            var writes = 0;
            while (!stop.IsCancellationRequested)
            {
                await _store.PutAsync(key, writes++ % 2 == 0 ? b : a, "image/png");
            }

            return writes;
        });
        var reads = 0;
        while (!stop.IsCancellationRequested)
        {
            var blob = await _store.GetAsync(key);
            Assert.NotNull(blob); // never missing during a replace
            var data = blob.Data;
            Assert.True(
                (data.Length == a.Length && data.All(x => x == 'A')) || (data.Length == b.Length && data.All(x => x == 'B')),
                $"read {reads} saw {data.Length} bytes that are neither all A nor all B");
            reads++;
        }

        var writesDone = await writer;
        Assert.True(writesDone > 2 && reads > 2, $"writes {writesDone}, reads {reads}");
        Assert.Empty(Directory.GetFiles(Path.Combine(_store.Root, "tmp")));
    }

    [Fact]
    public async Task A_write_that_fails_half_way_leaves_the_old_object_and_no_temp_file()
    {
        const string key = "jobs/crash/inputs/0000";
        await _store.PutAsync(key, Encoding.ASCII.GetBytes("old"), "image/png");

        await Assert.ThrowsAsync<IOException>(() =>
            _store.PutAsync(key, new FailingStream(bytesBeforeFailure: 100_000), 1_000_000, "image/png"));

        Assert.Equal("old", Encoding.ASCII.GetString((await _store.GetAsync(key))!.Data));
        Assert.Empty(Directory.GetFiles(Path.Combine(_store.Root, "tmp")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("jobs/../../escape")]
    [InlineData("jobs/..")]
    [InlineData("a..b")]
    [InlineData("/etc/passwd")]
    [InlineData("jobs\\x")]
    [InlineData("..\\x")]
    [InlineData("C:/x")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("")]
    [InlineData("dir/")]
    [InlineData("a\0b")]
    public async Task Path_traversal_and_malformed_keys_are_rejected(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, new byte[] { 1 }, "image/png"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, new MemoryStream(new byte[] { 1 }), 1, "image/png"));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ExistsAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.GetDownloadUrlAsync(key, TimeSpan.FromMinutes(1)));
        Assert.Equal([Path.Combine(_folder.Path, "blobs")], Directory.GetFileSystemEntries(_folder.Path));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("/jobs/")]
    [InlineData("jobs//")]
    [InlineData("jobs\\")]
    public async Task Malformed_list_prefixes_are_rejected(string prefix)
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await S3BlobStoreTests.ToListAsync(_store.ListAsync(prefix)));
    }

    [Fact]
    public async Task List_walks_the_folder_matching_any_string_prefix_in_key_order()
    {
        await _store.PutAsync("jobs/abc/job.json", new byte[5], "application/json");
        await _store.PutAsync("jobs/abc/inputs/0001", new byte[6], "image/png");
        await _store.PutAsync("jobs/abc/inputs/0000", new byte[7], "image/png");
        await _store.PutAsync("jobs/abd/job.json", new byte[8], "application/json");
        await _store.PutAsync("jobs/b/job.json", new byte[9], "application/json");
        await _store.PutAsync("webhooks/w1", new byte[1], "application/json");

        var abc = await S3BlobStoreTests.ToListAsync(_store.ListAsync("jobs/abc/"));
        Assert.Equal(["jobs/abc/inputs/0000", "jobs/abc/inputs/0001", "jobs/abc/job.json"], abc.Select(i => i.Key).ToArray());
        Assert.Equal([7L, 6L, 5L], abc.Select(i => i.Size).ToArray());
        Assert.All(abc, i => Assert.InRange(i.LastModified, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)));

        var ab = await S3BlobStoreTests.ToListAsync(_store.ListAsync("jobs/ab"));
        Assert.Equal(4, ab.Count);
        Assert.DoesNotContain(ab, i => i.Key.StartsWith("jobs/b/", StringComparison.Ordinal));

        var all = await S3BlobStoreTests.ToListAsync(_store.ListAsync(""));
        Assert.Equal(6, all.Count);
        Assert.Equal(all.Select(i => i.Key).Order(StringComparer.Ordinal), all.Select(i => i.Key));
        Assert.Empty(await S3BlobStoreTests.ToListAsync(_store.ListAsync("nothing/")));
    }

    [Fact]
    public async Task Download_url_is_null_the_gateway_streams_instead()
    {
        await _store.PutAsync("a.png", new byte[] { 1 }, "image/png");
        Assert.Null(await _store.GetDownloadUrlAsync("a.png", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task EnsureReady_removes_stale_temp_files_and_the_probe_is_healthy()
    {
        var stale = Path.Combine(_store.Root, "tmp", "stale.tmp");
        var fresh = Path.Combine(_store.Root, "tmp", "fresh.tmp");
        await File.WriteAllTextAsync(stale, "x");
        await File.WriteAllTextAsync(fresh, "x");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));

        await _store.EnsureReadyAsync();

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh), "a temp file young enough to be a write in progress is kept");
        Assert.Null(await _store.ProbeAsync());
        var health = await new StorageHealthCheck(_store).CheckHealthAsync(S3BlobStoreTests.HealthContext());
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    private sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_sent >= bytesBeforeFailure)
            {
                throw new IOException("client went away");
            }

            var n = Math.Min(buffer.Length, bytesBeforeFailure - _sent);
            buffer[..n].Fill(7);
            _sent += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
