using System.Net;
using System.Net.Http.Headers;
using Minio;
using Minio.DataModel.Args;

namespace Cartoon.Storage;

/// <summary>
/// Object reads and writes in ONE round trip each, signed locally by the MinIO SDK as short-lived presigned URLs and
/// sent on a pooled HttpClient (same credentials, same endpoint). The SDK 7.0 itself makes three requests for a
/// GetObject (HEAD bucket, HEAD object, GET) and two for a StatObject, and hashes every upload's body with SHA-256 for
/// its signature (the presigned PUT is UNSIGNED-PAYLOAD, as AWS's own SDKs send over TLS); measured in
/// docs/benchmarks.md ("S3 server cost per call", ingest profile). A 404 (no key, no bucket) on a read is "absent";
/// 5xx and 429 are thrown as <see cref="HttpRequestException"/> (transient: the store's retry pipeline runs); any other
/// status is thrown as <see cref="StorageRequestException"/> (not retried). The URLs are signed by
/// <see cref="S3Presigner"/> where it handles the endpoint and the key, else by the SDK.
/// </summary>
internal sealed class S3Requests(IMinioClient signer, S3Presigner? presigner, string bucket, TimeSpan requestTimeout) : IDisposable
{
    /// <summary>Only long enough for this request (and its retries inside the pipeline re-sign anyway).</summary>
    private const int SignatureSeconds = 300;

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // per request below, so a caller's token and the timeout stay apart
    };

    /// <summary>The object, or null when the key (or the bucket) does not exist.</summary>
    public async Task<BlobContent?> GetAsync(string key, CancellationToken ct) =>
        await SendAsync(await SignedGetAsync(key).ConfigureAwait(false), async (response, token) =>
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                return null;
            await ThrowUnlessSuccessAsync(response, "GET", key, token).ConfigureAwait(false);
            var data = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            var headers = response.Content.Headers;
            return new BlobContent(data, headers.ContentType?.ToString() ?? "application/octet-stream", headers.LastModified ?? DateTimeOffset.UnixEpoch);
        }, ct).ConfigureAwait(false);

    /// <summary>Whether the key exists: a GET of its first byte (a presigned URL is for GET only; HEAD would need a second signature).</summary>
    public async Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        var request = await SignedGetAsync(key).ConfigureAwait(false);
        request.Headers.Range = new RangeHeaderValue(0, 0);
        return await SendAsync(request, async (response, token) =>
        {
            // An empty object answers 416 to a range: it exists.
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.RequestedRangeNotSatisfiable)
                return response.StatusCode != HttpStatusCode.NotFound;
            await ThrowUnlessSuccessAsync(response, "GET", key, token).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Writes the object whole (an overwrite when it exists). <paramref name="content"/> is disposed with the request.</summary>
    public async Task PutAsync(string key, HttpContent content, string contentType, CancellationToken ct)
    {
        var url = presigner is not null && S3Presigner.IsPlainKey(key)
            ? presigner.Presign("PUT", bucket, key, SignatureSeconds)
            : new Uri(await signer.PresignedPutObjectAsync(
                new PresignedPutObjectArgs().WithBucket(bucket).WithObject(key).WithExpiry(SignatureSeconds)).ConfigureAwait(false));
        content.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        await SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = content }, async (response, token) =>
        {
            await ThrowUnlessSuccessAsync(response, "PUT", key, token).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Sends <paramref name="request"/> (disposed after) and reads its answer within the request timeout.</summary>
    private async Task<T> SendAsync<T>(HttpRequestMessage request, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using (request)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(requestTimeout);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return await read(response, timeout.Token).ConfigureAwait(false);
        }
    }

    private async Task<HttpRequestMessage> SignedGetAsync(string key)
    {
        var url = presigner is not null && S3Presigner.IsPlainKey(key)
            ? presigner.Presign("GET", bucket, key, SignatureSeconds)
            : new Uri(await signer.PresignedGetObjectAsync(
                new PresignedGetObjectArgs().WithBucket(bucket).WithObject(key).WithExpiry(SignatureSeconds)).ConfigureAwait(false));
        return new HttpRequestMessage(HttpMethod.Get, url);
    }

    private static async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, string method, string key, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var message = $"S3 {method} '{key}' answered {status} {response.ReasonPhrase}: {Truncate(body)}";
        if (status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            throw new HttpRequestException(message, null, response.StatusCode);
        throw new StorageRequestException(message);
    }

    private static string Truncate(string body) => body.Length <= 300 ? body : body[..300] + "…";
}

