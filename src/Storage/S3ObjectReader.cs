using System.Net;
using Minio;
using Minio.DataModel.Args;

namespace Cartoon.Storage;

/// <summary>
/// Reads objects in ONE round trip. The MinIO SDK 7.0 makes three for a GetObject (HEAD bucket, HEAD object, GET) and
/// two for a StatObject; against s3rver that tripled the S3 server's CPU per read (docs/benchmarks.md, "S3 server cost
/// per call"). Here the request is signed locally by the SDK as a short-lived presigned GET and sent on a pooled
/// HttpClient: same credentials, same endpoint, one request. A 404 (no key, no bucket) is "absent"; 5xx and 429 are
/// thrown as <see cref="HttpRequestException"/> (transient: the store's retry pipeline runs); any other status is
/// thrown as <see cref="StorageRequestException"/> (not retried).
/// </summary>
internal sealed class S3ObjectReader(IMinioClient signer, string bucket, TimeSpan requestTimeout) : IDisposable
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
    public async Task<BlobContent?> GetAsync(string key, CancellationToken ct)
    {
        using var request = await SignedGetAsync(key).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(requestTimeout);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await ThrowUnlessSuccessAsync(response, key, timeout.Token).ConfigureAwait(false);
        var data = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        var headers = response.Content.Headers;
        return new BlobContent(data, headers.ContentType?.ToString() ?? "application/octet-stream", headers.LastModified ?? DateTimeOffset.UnixEpoch);
    }

    /// <summary>Whether the key exists: a GET of its first byte (a presigned URL is for GET only; HEAD would need a second signature).</summary>
    public async Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        using var request = await SignedGetAsync(key).ConfigureAwait(false);
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 0);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(requestTimeout);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        // An empty object answers 416 to a range: it exists.
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            return true;
        await ThrowUnlessSuccessAsync(response, key, timeout.Token).ConfigureAwait(false);
        return true;
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpRequestMessage> SignedGetAsync(string key)
    {
        var url = await signer.PresignedGetObjectAsync(
            new PresignedGetObjectArgs().WithBucket(bucket).WithObject(key).WithExpiry(SignatureSeconds)).ConfigureAwait(false);
        return new HttpRequestMessage(HttpMethod.Get, url);
    }

    private static async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, string key, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var message = $"S3 GET '{key}' answered {status} {response.ReasonPhrase}: {Truncate(body)}";
        if (status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
            throw new HttpRequestException(message, null, response.StatusCode);
        throw new StorageRequestException(message);
    }

    private static string Truncate(string body) => body.Length <= 300 ? body : body[..300] + "…";
}

/// <summary>The S3 server refused a request for a reason a retry does not change (403, 400, …).</summary>
public sealed class StorageRequestException(string message) : Exception(message);
