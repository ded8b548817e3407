using System.Text;
using Cartoon.Integration.Tests.Infrastructure;
using Cartoon.Storage;

namespace Cartoon.Integration.Tests.Storage;

/// <summary>
/// Reads and writes cost one request each (the MinIO SDK's GetObject made three: HEAD bucket, HEAD object, GET), against
/// the real S3 server through a proxy that counts what goes over the wire.
/// </summary>
public sealed class S3RoundTripTests(S3BucketFixture fixture) : IClassFixture<S3BucketFixture>
{
    private static string NewKey(string name) => $"tests/{Guid.NewGuid():N}/{name}";

    [Fact]
    public async Task Get_and_exists_are_one_request_each_and_a_missing_key_too()
    {
        var key = NewKey("item.json");
        await fixture.Store.PutAsync(key, Encoding.UTF8.GetBytes("""{"status":"succeeded"}"""), "application/json");
        using var proxy = new RequestCountingProxy(fixture.Services.S3Endpoint!);
        using var store = fixture.Services.CreateS3Store(fixture.Bucket, o => o.S3Endpoint = proxy.Endpoint);

        var blob = await store.GetAsync(key);
        Assert.Equal("""{"status":"succeeded"}""", Encoding.UTF8.GetString(blob!.Data));
        Assert.Equal("application/json", blob.ContentType);
        Assert.Single(proxy.Requests, r => r.StartsWith($"GET /{fixture.Bucket}/{key}?", StringComparison.Ordinal));
        Assert.Single(proxy.Requests);

        proxy.Clear();
        Assert.True(await store.ExistsAsync(key));
        Assert.Null(await store.GetAsync(NewKey("absent.json")));
        Assert.False(await store.ExistsAsync(NewKey("absent.json")));
        Assert.Equal(3, proxy.Requests.Count);
        Assert.All(proxy.Requests, r => Assert.StartsWith("GET ", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_put_from_memory_or_from_a_stream_is_one_request_and_keeps_its_content_type()
    {
        using var proxy = new RequestCountingProxy(fixture.Services.S3Endpoint!);
        using var store = fixture.Services.CreateS3Store(fixture.Bucket, o => o.S3Endpoint = proxy.Endpoint);
        var fromMemory = NewKey("a.png");
        var fromStream = NewKey("b.webp");
        var bytes = new byte[300_000];
        Random.Shared.NextBytes(bytes);

        await store.PutAsync(fromMemory, bytes, "image/png");
        using (var stream = new MemoryStream(bytes))
            await store.PutAsync(fromStream, stream, bytes.Length, "image/webp");

        Assert.Equal(2, proxy.Requests.Count);
        Assert.All(proxy.Requests, r => Assert.StartsWith("PUT ", r, StringComparison.Ordinal));
        var a = await fixture.Store.GetAsync(fromMemory);
        var b = await fixture.Store.GetAsync(fromStream);
        Assert.Equal(bytes, a!.Data);
        Assert.Equal("image/png", a.ContentType);
        Assert.Equal(bytes, b!.Data);
        Assert.Equal("image/webp", b.ContentType);
    }

    [Fact]
    public async Task An_empty_object_exists_and_reads_as_zero_bytes()
    {
        var key = NewKey("empty.bin");
        await fixture.Store.PutAsync(key, ReadOnlyMemory<byte>.Empty, "application/octet-stream");

        Assert.True(await fixture.Store.ExistsAsync(key));
        var blob = await fixture.Store.GetAsync(key);
        Assert.NotNull(blob);
        Assert.Empty(blob.Data);
    }

    [Fact]
    public async Task A_missing_bucket_reads_as_absent()
    {
        using var store = fixture.Services.CreateS3Store(ServicesFixture.NewBucketName("none"));
        Assert.Null(await store.GetAsync(NewKey("x.json")));
        Assert.False(await store.ExistsAsync(NewKey("x.json")));
    }

    [Fact]
    public async Task An_unknown_access_key_fails_at_once_with_the_servers_answer_and_is_not_retried_as_an_outage()
    {
        var key = NewKey("secret.json");
        await fixture.Store.PutAsync(key, Encoding.UTF8.GetBytes("{}"), "application/json");
        using var proxy = new RequestCountingProxy(fixture.Services.S3Endpoint!);
        using var store = fixture.Services.CreateS3Store(fixture.Bucket, o =>
        {
            o.S3Endpoint = proxy.Endpoint;
            o.S3AccessKey = "NOT-A-KEY";
            o.S3SecretKey = "not-the-secret";
            o.RetryCount = 3;
        });

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => store.GetAsync(key));
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Single(proxy.Requests);
    }
}
